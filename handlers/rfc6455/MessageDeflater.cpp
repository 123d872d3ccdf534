//
// MessageDeflater.cpp
//


#include "rfc6455/MessageDeflater.h"
#include "rfc6455/ZlibMemory.h"
#include "Poco/Exception.h"
#include <algorithm>
#include <cstring>
#include <limits>


namespace pocows {


namespace
{
	const unsigned char SYNC_TAIL[] = {0x00, 0x00, 0xff, 0xff};

	// Room for a sync flush's marker and a block header beyond deflateBound(),
	// which assumes the stream is finished instead.
	const std::size_t FLUSH_ROOM = 16;

	// zlib counts in uInt; a message is compressed in pieces of at most this.
	const std::size_t MAX_PIECE = std::numeric_limits<uInt>::max()/2;
}


MessageDeflater::MessageDeflater(int windowBits, int memLevel, int level, bool pagesOfItsOwn):
	_windowBits(windowBits)
{
	std::memset(&_stream, 0, sizeof(_stream));
	if (pagesOfItsOwn) ZlibMemory::use(_stream);
	// A negative window gives raw deflate, without the zlib header and trailer.
	const int rc = deflateInit2(&_stream, level, Z_DEFLATED, -windowBits, memLevel, Z_DEFAULT_STRATEGY);
	if (rc == Z_MEM_ERROR) throw Poco::OutOfMemoryException("zlib cannot allocate a deflate stream");
	if (rc != Z_OK) throw Poco::InvalidArgumentException("zlib refuses these deflate parameters");
}


MessageDeflater::~MessageDeflater()
{
	deflateEnd(&_stream);
}


void MessageDeflater::compress(const char* data, std::size_t size, std::string& out, bool keepContext)
{
	if (size == 0)
	{
		// RFC 7692 section 7.2.3.6: an empty stored block. zlib would write
		// nothing at all for no input right after a flush.
		out += '\0';
		return;
	}
	const std::size_t start = out.size();
	std::size_t done = 0;
	std::size_t used = start;
	do
	{
		const std::size_t piece = std::min(size - done, MAX_PIECE);
		out.resize(used + deflateBound(&_stream, static_cast<uLong>(piece)) + FLUSH_ROOM);
		_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data + done));
		_stream.avail_in = static_cast<uInt>(piece);
		for (;;)
		{
			_stream.next_out = reinterpret_cast<Bytef*>(&out[used]);
			_stream.avail_out = static_cast<uInt>(std::min(out.size() - used, MAX_PIECE));
			const std::size_t room = _stream.avail_out;
			const int rc = deflate(&_stream, Z_SYNC_FLUSH);
			used += room - _stream.avail_out;
			if (rc != Z_OK && rc != Z_BUF_ERROR) throw Poco::IllegalStateException("zlib deflate failed");
			// The flush is complete when zlib left output room unused.
			if (_stream.avail_in == 0 && _stream.avail_out != 0) break;
			out.resize(out.size()*2);
		}
		done += piece;
	}
	while (done < size);
	out.resize(used);
	// Every sync flush ends with the same empty stored block; the receiver puts it back.
	if (used - start < sizeof(SYNC_TAIL) || std::memcmp(&out[used - sizeof(SYNC_TAIL)], SYNC_TAIL, sizeof(SYNC_TAIL)) != 0)
		throw Poco::IllegalStateException("zlib's sync flush did not end as expected");
	out.resize(used - sizeof(SYNC_TAIL));
	if (!keepContext) deflateReset(&_stream);
}


} // namespace pocows
