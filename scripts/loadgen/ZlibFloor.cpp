//
// ZlibFloor.cpp
//


#include "ZlibFloor.h"
#include "TelemetryCorpus.h"
#include "rfc6455/MessageDeflater.h"
#include "rfc6455/MessageInflater.h"
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>


namespace pocows {


namespace
{
	// The client compresses at zlib's default level, as the echo benchmark's does.
	const int CLIENT_LEVEL = 6;

	double secondsSince(std::chrono::steady_clock::time_point start)
	{
		return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	}
}


ZlibFloor::ZlibFloor(const Options& options):
	_options(options)
{
}


int ZlibFloor::run()
{
	const TelemetryCorpus corpus(_options.size, CLIENT_LEVEL);
	MessageInflater inflater(15);
	MessageDeflater deflater(15, 8, _options.level);
	std::string message;
	std::string reply;
	double inflating = 0;
	double compressing = 0;
	std::size_t replyBytes = 0;
	std::size_t messages = 0;
	const auto start = std::chrono::steady_clock::now();
	while (secondsSince(start) < _options.seconds)
	{
		// A batch between clock readings, so that reading the clock costs nothing measurable.
		for (std::size_t i = 0; i < TelemetryCorpus::MESSAGES; ++i, ++messages)
		{
			const std::string& compressed = corpus.compressed(i);
			const auto before = std::chrono::steady_clock::now();
			message.clear();
			if (inflater.inflate(compressed.data(), compressed.size(), message, _options.size) != MessageInflater::RESULT_OK
				|| inflater.finish(message, _options.size) != MessageInflater::RESULT_OK || message != corpus.message(i))
				throw std::runtime_error("the corpus does not inflate to itself");
			inflater.reset();
			const auto inflated = std::chrono::steady_clock::now();
			reply.clear();
			deflater.compress(message.data(), message.size(), reply, _options.keepContext);
			const auto compressedAt = std::chrono::steady_clock::now();
			inflating += std::chrono::duration<double>(inflated - before).count();
			compressing += std::chrono::duration<double>(compressedAt - inflated).count();
			replyBytes += reply.size();
		}
	}
	const double n = static_cast<double>(messages);
	std::printf("messages: %zu of %zu bytes, zlib level %d%s\n", messages, _options.size, _options.level, _options.keepContext ? ", context takeover" : "");
	std::printf("inflate_us_per_message: %.2f\n", inflating*1e6/n);
	std::printf("compress_us_per_message: %.2f\n", compressing*1e6/n);
	std::printf("zlib_us_per_message: %.2f\n", (inflating + compressing)*1e6/n);
	std::printf("compressed_bytes_per_plain_byte: %.4f\n", static_cast<double>(replyBytes)/(n*static_cast<double>(_options.size)));
	return 0;
}


} // namespace pocows
