//
// MessageInflater.h
//
// Decompresses permessage-deflate messages (RFC 7692 section 7.2.2) as their frames arrive.
//


#ifndef Pocows_MessageInflater_INCLUDED
#define Pocows_MessageInflater_INCLUDED


#include <zlib.h>
#include <cstddef>
#include <string>


namespace pocows {


class MessageInflater
	/// A zlib raw-inflate stream fed a compressed message in pieces of any
	/// size, which appends what they inflate to, and never lets the message
	/// grow past a limit: a small frame that would inflate to gigabytes is
	/// stopped as its output reaches the limit, before more memory is taken
	/// (the message grows by at most OUTPUT_PIECE bytes at a time).
	///
	/// With context takeover the stream keeps its window from message to
	/// message, as the peer's compressor does; without it, reset() after each
	/// message makes the stream fit for any session.
{
public:
	enum Result
	{
		RESULT_OK,
		RESULT_TOO_BIG,    ///< the message would pass the limit
		RESULT_CORRUPT     ///< not valid deflate data, or data after the final block
	};

	static constexpr std::size_t OUTPUT_PIECE = 16*1024;

	explicit MessageInflater(int windowBits = 15, bool pagesOfItsOwn = false);
		/// Throws Poco::OutOfMemoryException if zlib cannot allocate its state.
		/// With pagesOfItsOwn, its memory is mapped for it and goes back to
		/// the system when it ends (ZlibMemory), for streams made in bursts
		/// and then shed, as the pool's are.

	~MessageInflater();

	Result inflate(const char* data, std::size_t size, std::string& message, std::size_t limit);
		/// Inflates the next piece of a message's compressed payload and
		/// appends the result to message, which may hold at most limit bytes.

	Result finish(std::string& message, std::size_t limit);
		/// Ends the message: inflates the sync-flush tail the sender left off.

	void reset();
		/// Forgets the window: the next message is inflated on its own.

private:
	MessageInflater(const MessageInflater&) = delete;
	MessageInflater& operator=(const MessageInflater&) = delete;

	Result run(const unsigned char* data, std::size_t size, std::string& message, std::size_t limit);
	void restartKeepingWindow();

	z_stream _stream;
	bool _streamEnded;  // the peer ended its deflate stream with a final block
};


} // namespace pocows


#endif // Pocows_MessageInflater_INCLUDED
