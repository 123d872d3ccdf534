//
// TestDeflater.cpp
//


#include "support/TestDeflater.h"
#include "Poco/Exception.h"
#include <cstring>


namespace pocows {


TestDeflater::TestDeflater(int windowBits, bool contextTakeover, int level):
	_contextTakeover(contextTakeover)
{
	std::memset(&_stream, 0, sizeof(_stream));
	if (deflateInit2(&_stream, level, Z_DEFLATED, -windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		throw Poco::IllegalStateException("deflateInit2 failed");
}


TestDeflater::~TestDeflater()
{
	deflateEnd(&_stream);
}


std::string TestDeflater::compress(const std::string& message)
{
	// zlib writes nothing for no input right after a flush; RFC 7692 section
	// 7.2.3.6 gives the empty message's payload.
	if (message.empty()) return std::string(1, '\0');
	std::string out = run(message, Z_SYNC_FLUSH);
	if (out.size() < 4 || out.compare(out.size() - 4, 4, std::string("\x00\x00\xff\xff", 4)) != 0)
		throw Poco::IllegalStateException("sync flush without its marker");
	out.resize(out.size() - 4);
	return out;
}


std::string TestDeflater::compressFinal(const std::string& message)
{
	return run(message, Z_FINISH);
}


std::string TestDeflater::run(const std::string& message, int flush)
{
	std::string out;
	char buffer[4096];
	_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
	_stream.avail_in = static_cast<uInt>(message.size());
	int rc;
	do
	{
		_stream.next_out = reinterpret_cast<Bytef*>(buffer);
		_stream.avail_out = sizeof(buffer);
		rc = deflate(&_stream, flush);
		out.append(buffer, sizeof(buffer) - _stream.avail_out);
	}
	while (_stream.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	if (!_contextTakeover || flush == Z_FINISH) deflateReset(&_stream);
	return out;
}


std::string TestDeflater::once(const std::string& message, int windowBits)
{
	TestDeflater deflater(windowBits);
	return deflater.compress(message);
}


} // namespace pocows
