//
// MessageInflater.cpp
//


#include "rfc6455/MessageInflater.h"
#include "rfc6455/ZlibMemory.h"
#include "Poco/Exception.h"
#include <algorithm>
#include <cstring>
#include <limits>


namespace pocows {


namespace
{
	const unsigned char SYNC_TAIL[] = {0x00, 0x00, 0xff, 0xff};

	const std::size_t MAX_PIECE = std::numeric_limits<uInt>::max()/2;
}


MessageInflater::MessageInflater(int windowBits, bool pagesOfItsOwn):
	_streamEnded(false)
{
	std::memset(&_stream, 0, sizeof(_stream));
	if (pagesOfItsOwn) ZlibMemory::use(_stream);
	const int rc = inflateInit2(&_stream, -windowBits);
	if (rc == Z_MEM_ERROR) throw Poco::OutOfMemoryException("zlib cannot allocate an inflate stream");
	if (rc != Z_OK) throw Poco::InvalidArgumentException("zlib refuses these inflate parameters");
}


MessageInflater::~MessageInflater()
{
	inflateEnd(&_stream);
}


MessageInflater::Result MessageInflater::inflate(const char* data, std::size_t size, std::string& message, std::size_t limit)
{
	const unsigned char* bytes = reinterpret_cast<const unsigned char*>(data);
	while (size > 0)
	{
		const std::size_t piece = std::min(size, MAX_PIECE);
		const Result result = run(bytes, piece, message, limit);
		if (result != RESULT_OK) return result;
		bytes += piece;
		size -= piece;
	}
	return RESULT_OK;
}


MessageInflater::Result MessageInflater::finish(std::string& message, std::size_t limit)
{
	// A peer that ended its stream with a final block has no tail to put back.
	const Result result = _streamEnded ? RESULT_OK : run(SYNC_TAIL, sizeof(SYNC_TAIL), message, limit);
	if (_streamEnded) restartKeepingWindow();
	return result;
}


MessageInflater::Result MessageInflater::run(const unsigned char* data, std::size_t size, std::string& message, std::size_t limit)
{
	if (_streamEnded) return size == 0 ? RESULT_OK : RESULT_CORRUPT;
	_stream.next_in = const_cast<Bytef*>(data);
	_stream.avail_in = static_cast<uInt>(size);
	for (;;)
	{
		// Straight into the message, which grows by what the input may
		// inflate to, and never past the limit; at the limit, a few bytes on
		// the stack tell whether there is more. (A large buffer on the stack
		// would stay resident in every session thread that ever inflated.)
		const std::size_t used = message.size();
		const std::size_t room = limit - std::min(limit, used);
		unsigned char probe[64];
		const std::size_t grow = std::min(room, std::min(OUTPUT_PIECE, std::max<std::size_t>(4*_stream.avail_in, 256)));
		if (grow > 0) message.resize(used + grow);
		_stream.next_out = grow > 0 ? reinterpret_cast<Bytef*>(&message[used]) : probe;
		_stream.avail_out = static_cast<uInt>(grow > 0 ? grow : sizeof(probe));
		const uInt offered = _stream.avail_out;
		const int rc = ::inflate(&_stream, Z_SYNC_FLUSH);
		const std::size_t produced = offered - _stream.avail_out;
		if (grow > 0) message.resize(used + produced);
		if (rc == Z_MEM_ERROR) throw Poco::OutOfMemoryException("zlib cannot allocate an inflate window");
		// What fits is kept even when the data turns out corrupt further on,
		// so that the caller sees the message's bytes in order up to the
		// first fault, however the input was split.
		if (grow == 0 && produced > 0) return RESULT_TOO_BIG;
		if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_STREAM_ERROR) return RESULT_CORRUPT;
		if (rc == Z_STREAM_END)
		{
			_streamEnded = true;
			return _stream.avail_in == 0 ? RESULT_OK : RESULT_CORRUPT;
		}
		// Z_BUF_ERROR: no progress was possible, which is not an error while the input is used up.
		if (rc == Z_BUF_ERROR && produced == 0) return _stream.avail_in == 0 ? RESULT_OK : RESULT_CORRUPT;
		if (_stream.avail_in == 0 && _stream.avail_out != 0) return RESULT_OK;
		if (rc != Z_OK && rc != Z_BUF_ERROR) return RESULT_CORRUPT;
	}
}


void MessageInflater::reset()
{
	inflateReset(&_stream);
	_streamEnded = false;
}


void MessageInflater::restartKeepingWindow()
{
	// The next message of a peer that keeps its context may still refer back
	// into this one; inflateReset() would forget the window, so it is saved
	// and handed back.
	std::string window(1u << 15, '\0');
	uInt length = static_cast<uInt>(window.size());
	inflateGetDictionary(&_stream, reinterpret_cast<Bytef*>(&window[0]), &length);
	inflateReset(&_stream);
	if (length > 0) inflateSetDictionary(&_stream, reinterpret_cast<const Bytef*>(window.data()), length);
	_streamEnded = false;
}


} // namespace pocows
