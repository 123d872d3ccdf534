//
// MessageCompressor.h
//
// The server's permessage-deflate sender: compresses messages for sessions that negotiated it.
//


#ifndef Pocows_MessageCompressor_INCLUDED
#define Pocows_MessageCompressor_INCLUDED


#include "http/ServerMetrics.h"
#include "rfc6455/DeflateSettings.h"
#include "rfc6455/FrameCodec.h"
#include "rfc6455/MessageDeflater.h"
#include "rfc6455/ZlibStreamPool.h"
#include "websocket/Outbox.h"
#include <cstddef>
#include <memory>
#include <string>


namespace pocows {


class MessageCompressor
	/// One per server: the zlib streams that sessions without context
	/// takeover borrow per message (for sending and, through the assembler,
	/// for receiving), the settings every compressor shares, and the count
	/// of what was compressed. Thread-safe.
	///
	/// Messages below websocket.compressionThreshold are not worth it: the
	/// deflate block's own overhead eats what a few dozen bytes would save.
{
public:
	MessageCompressor(const DeflateSettings& settings, ServerMetrics& metrics);
		/// metrics must outlive the compressor.

	const DeflateSettings& settings() const;

	ZlibStreamPool& pool();

	bool worthCompressing(std::size_t size) const;

	void compress(const char* data, std::size_t size, int windowBits, std::string& out);
		/// Appends the message compressed on its own, with a borrowed stream.

	void compress(MessageDeflater& deflater, const char* data, std::size_t size, std::string& out);
		/// Appends the message compressed with a session's own stream, which
		/// keeps its context for the next one.

	std::unique_ptr<MessageDeflater> sessionDeflater(int windowBits) const;
		/// A stream of the session's own, for context takeover.

	Outbox::Frame compressedFrame(Opcode type, const char* data, std::size_t size, int windowBits);
		/// A whole message compressed on its own, as a frame for Outbox::post().

private:
	MessageCompressor(const MessageCompressor&) = delete;
	MessageCompressor& operator=(const MessageCompressor&) = delete;

	const DeflateSettings _settings;
	ZlibStreamPool _pool;
	ServerMetrics& _metrics;
};


//
// inlines
//
inline const DeflateSettings& MessageCompressor::settings() const
{
	return _settings;
}


inline ZlibStreamPool& MessageCompressor::pool()
{
	return _pool;
}


inline bool MessageCompressor::worthCompressing(std::size_t size) const
{
	return size >= _settings.threshold;
}


} // namespace pocows


#endif // Pocows_MessageCompressor_INCLUDED
