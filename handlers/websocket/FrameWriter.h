//
// FrameWriter.h
//
// The sending half of a server-side WebSocket connection, on the session's thread: framing and fragments.
//


#ifndef Pocows_FrameWriter_INCLUDED
#define Pocows_FrameWriter_INCLUDED


#include "rfc6455/DeflateParameters.h"
#include "rfc6455/FrameCodec.h"
#include "rfc6455/MessageDeflater.h"
#include "rfc6455/Utf8Validator.h"
#include "websocket/MessageCompressor.h"
#include "websocket/Outbox.h"
#include <cstddef>
#include <memory>
#include <string>


namespace pocows {


class FrameWriter
	/// Frames what a session sends and hands it to the connection's Outbox,
	/// which coalesces, writes and bounds it.
	///
	/// A message may be sent in fragments; control frames may go out between
	/// them, and the text of a fragmented message is checked as UTF-8 across
	/// fragment boundaries, which may cut a character in two.
	///
	/// With permessage-deflate, a whole message at or above the threshold is
	/// compressed: on its own with a borrowed stream, or, with server context
	/// takeover, with the session's own stream, made at its first compressed
	/// message. Fragmented messages go uncompressed: each fragment is sent as
	/// it comes, and a compressed fragment would have to wait for its end.
{
public:
	explicit FrameWriter(Outbox& outbox);
		/// outbox is the connection's and must outlive the writer.

	void sendData(Opcode type, const char* data, std::size_t size, bool final, bool coalesce);
		/// Sends a TEXT or BINARY message, or with final false a fragment of
		/// one: further fragments of it pass the same type. With coalesce,
		/// a small frame may wait in the buffer for the next write or flush().
		/// Throws Poco::InvalidAccessException for a send that does not
		/// continue an open fragmented message of its type, and
		/// Poco::InvalidArgumentException for a text fragment that is not
		/// UTF-8 (a whole message is the sender's to get right); then nothing
		/// of it is sent. Does nothing once a close frame has been queued.

	void enableCompression(MessageCompressor& compressor, const DeflateParameters& parameters);
		/// compressor is the server's and must outlive the writer.

	void sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce);
		/// A PING or PONG, also between the fragments of a message.

	bool inMessage() const;
		/// True while a fragmented message has begun and not ended.

private:
	FrameWriter(const FrameWriter&) = delete;
	FrameWriter& operator=(const FrameWriter&) = delete;

	Opcode frameOpcode(Opcode type, const char* data, std::size_t size, bool final);
	void sendCompressed(Opcode type, const char* data, std::size_t size, bool coalesce);

	Outbox& _outbox;
	bool _inMessage;
	Opcode _messageType;
	Utf8Validator _utf8;

	MessageCompressor* _compressor;               // set when deflate was negotiated
	bool _keepContext;
	int _windowBits;
	std::unique_ptr<MessageDeflater> _deflater;   // the session's own, with context takeover
};


//
// inlines
//
inline bool FrameWriter::inMessage() const
{
	return _inMessage;
}


} // namespace pocows


#endif // Pocows_FrameWriter_INCLUDED
