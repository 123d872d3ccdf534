//
// ZlibStreamPool.h
//
// zlib streams lent out per message, so that sessions without context takeover keep none.
//


#ifndef Pocows_ZlibStreamPool_INCLUDED
#define Pocows_ZlibStreamPool_INCLUDED


#include "rfc6455/MessageDeflater.h"
#include "rfc6455/MessageInflater.h"
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>


namespace pocows {


class ZlibStreamPool
	/// Keeps the deflate and inflate streams that messages compressed and
	/// decompressed on their own are done with, for the next message of any
	/// session. A stream costs a few hundred kilobytes at a 15-bit window
	/// (its state is allocated with it), and making one costs more than the
	/// compression of a small message, so they are lent, not made; the pool
	/// keeps at most maxIdle of each kind, and more are made only while more
	/// messages are being compressed at once. Thread-safe.
	///
	/// Deflate streams are kept per window size, all with the pool's memLevel
	/// and level. Inflate streams all have a 15-bit window, which inflates
	/// what any smaller window produced.
{
public:
	struct DeflaterReturn
	{
		ZlibStreamPool* pool;
		void operator()(MessageDeflater* deflater) const;
	};
	struct InflaterReturn
	{
		ZlibStreamPool* pool;
		void operator()(MessageInflater* inflater) const;
	};
	using Deflater = std::unique_ptr<MessageDeflater, DeflaterReturn>;
		///< goes back to the pool when destroyed
	using Inflater = std::unique_ptr<MessageInflater, InflaterReturn>;

	ZlibStreamPool(int memLevel, int level, std::size_t maxIdle = 16);

	~ZlibStreamPool();

	Deflater deflater(int windowBits);
		/// A deflate stream at the start of a message.

	Inflater inflater();
		/// An inflate stream at the start of a message.

	std::size_t idleStreams() const;

private:
	ZlibStreamPool(const ZlibStreamPool&) = delete;
	ZlibStreamPool& operator=(const ZlibStreamPool&) = delete;

	void giveBack(MessageDeflater* deflater);
	void giveBack(MessageInflater* inflater);

	static const int MIN_WINDOW_BITS = 8;
	static const int MAX_WINDOW_BITS = 15;

	const int _memLevel;
	const int _level;
	const std::size_t _maxIdle;
	mutable std::mutex _mutex;
	std::vector<std::unique_ptr<MessageDeflater>> _deflaters[MAX_WINDOW_BITS - MIN_WINDOW_BITS + 1];
	std::vector<std::unique_ptr<MessageInflater>> _inflaters;
};


} // namespace pocows


#endif // Pocows_ZlibStreamPool_INCLUDED
