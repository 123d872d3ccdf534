//
// MessageInflater.cpp
//


#include "rfc6455/MessageInflater.h"
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


MessageInflater::MessageInflater(int windowBits):
	_streamEnded(false)
{
	std::memset(&_stream, 0, sizeof(_stream));
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
	// Inflated into a fixed piece first: the message only ever grows by what
	// is known to fit under the limit.
	unsigned char output[OUTPUT_PIECE];
	_stream.next_in = const_cast<Bytef*>(data);
	_stream.avail_in = static_cast<uInt>(size);
	for (;;)
	{
		_stream.next_out = output;
		_stream.avail_out = sizeof(output);
		const int rc = ::inflate(&_stream, Z_SYNC_FLUSH);
		const std::size_t produced = sizeof(output) - _stream.avail_out;
		if (rc == Z_MEM_ERROR) throw Poco::OutOfMemoryException("zlib cannot allocate an inflate window");
		// What fits is kept even when the piece breaks the limit or the data
		// turns out corrupt further on, so that the caller sees the message's
		// bytes in order up to the first fault, however the input was split.
		const std::size_t room = limit - std::min(limit, message.size());
		message.append(reinterpret_cast<const char*>(output), std::min(produced, room));
		if (produced > room) return RESULT_TOO_BIG;
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
