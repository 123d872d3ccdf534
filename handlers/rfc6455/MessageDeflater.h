//
// MessageDeflater.h
//
// Compresses WebSocket messages for permessage-deflate (RFC 7692 section 7.2.1).
//


#ifndef Pocows_MessageDeflater_INCLUDED
#define Pocows_MessageDeflater_INCLUDED


#include <zlib.h>
#include <cstddef>
#include <string>


namespace pocows {


class MessageDeflater
	/// A zlib raw-deflate stream that turns one message at a time into the
	/// payload of a compressed frame: the deflate blocks, ended by a sync
	/// flush whose last four bytes (0x00 0x00 0xff 0xff) are left off, as
	/// the RFC says.
	///
	/// Without context takeover every message is compressed on its own and
	/// the stream can serve any session next; with it, back-references may
	/// reach into the messages before, and the stream is one session's.
	///
	/// POCO's DeflatingStream does raw deflate too, but as a stream that is
	/// finished once, with zlib's memLevel fixed at 8.
{
public:
	MessageDeflater(int windowBits, int memLevel, int level, bool pagesOfItsOwn = false);
		/// Throws Poco::OutOfMemoryException if zlib cannot allocate its
		/// state, Poco::InvalidArgumentException for parameters zlib refuses.
		/// With pagesOfItsOwn, its memory is mapped for it and goes back to
		/// the system when it ends (ZlibMemory), for streams made in bursts
		/// and then shed, as the pool's are.

	~MessageDeflater();

	void compress(const char* data, std::size_t size, std::string& out, bool keepContext);
		/// Appends the compressed payload of a message to out. Without
		/// keepContext the stream starts afresh for the next message.

	int windowBits() const;

private:
	MessageDeflater(const MessageDeflater&) = delete;
	MessageDeflater& operator=(const MessageDeflater&) = delete;

	z_stream _stream;
	const int _windowBits;
};


//
// inlines
//
inline int MessageDeflater::windowBits() const
{
	return _windowBits;
}


} // namespace pocows


#endif // Pocows_MessageDeflater_INCLUDED
