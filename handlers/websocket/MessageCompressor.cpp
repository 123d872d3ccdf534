//
// MessageCompressor.cpp
//


#include "websocket/MessageCompressor.h"


namespace pocows {


MessageCompressor::MessageCompressor(const DeflateSettings& settings, ServerMetrics& metrics):
	_settings(settings),
	_pool(settings.memLevel, settings.level),
	_metrics(metrics)
{
}


void MessageCompressor::compress(const char* data, std::size_t size, int windowBits, std::string& out)
{
	const std::size_t start = out.size();
	ZlibStreamPool::Deflater deflater = _pool.deflater(windowBits);
	deflater->compress(data, size, out, false);
	_metrics.messageCompressed(size, out.size() - start);
}


void MessageCompressor::compress(MessageDeflater& deflater, const char* data, std::size_t size, std::string& out)
{
	const std::size_t start = out.size();
	deflater.compress(data, size, out, true);
	_metrics.messageCompressed(size, out.size() - start);
}


std::unique_ptr<MessageDeflater> MessageCompressor::sessionDeflater(int windowBits) const
{
	return std::unique_ptr<MessageDeflater>(new MessageDeflater(windowBits, _settings.memLevel, _settings.level));
}


Outbox::Frame MessageCompressor::compressedFrame(Opcode type, const char* data, std::size_t size, int windowBits)
{
	std::string payload;
	compress(data, size, windowBits, payload);
	return Outbox::makeFrame(type, payload.data(), payload.size(), true);
}


} // namespace pocows
