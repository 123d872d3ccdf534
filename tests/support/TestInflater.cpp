//
// TestInflater.cpp
//


#include "support/TestInflater.h"
#include "Poco/Exception.h"
#include <cstring>


namespace pocows {


TestInflater::TestInflater(int windowBits, bool contextTakeover):
	_contextTakeover(contextTakeover)
{
	std::memset(&_stream, 0, sizeof(_stream));
	if (inflateInit2(&_stream, -windowBits) != Z_OK) throw Poco::IllegalStateException("inflateInit2 failed");
}


TestInflater::~TestInflater()
{
	inflateEnd(&_stream);
}


std::string TestInflater::inflate(const std::string& payload)
{
	const std::string input = payload + std::string("\x00\x00\xff\xff", 4);
	std::string out;
	// Small, so that zlib checks every distance against the window: it
	// lets one reach back into the output of the same call.
	char buffer[256];
	_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
	_stream.avail_in = static_cast<uInt>(input.size());
	for (;;)
	{
		_stream.next_out = reinterpret_cast<Bytef*>(buffer);
		_stream.avail_out = sizeof(buffer);
		const int rc = ::inflate(&_stream, Z_SYNC_FLUSH);
		out.append(buffer, sizeof(buffer) - _stream.avail_out);
		if (rc == Z_STREAM_END) break;
		if (rc != Z_OK && rc != Z_BUF_ERROR) throw Poco::DataFormatException("invalid deflate data");
		if (_stream.avail_in == 0 && _stream.avail_out != 0) break;
	}
	if (!_contextTakeover) inflateReset(&_stream);
	return out;
}


std::string TestInflater::once(const std::string& payload, int windowBits)
{
	TestInflater inflater(windowBits);
	return inflater.inflate(payload);
}


} // namespace pocows
