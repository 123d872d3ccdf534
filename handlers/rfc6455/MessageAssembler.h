//
// MessageAssembler.h
//
// Turns the bytes a client sends into validated WebSocket messages and control frames.
//


#ifndef Pocows_MessageAssembler_INCLUDED
#define Pocows_MessageAssembler_INCLUDED


#include "rfc6455/DeflateParameters.h"
#include "rfc6455/FrameCodec.h"
#include "rfc6455/MessageInflater.h"
#include "rfc6455/Utf8Validator.h"
#include "rfc6455/ZlibStreamPool.h"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>


namespace pocows {


class MessageAssembler
	/// The receiving half of the protocol, without any I/O: bytes go in, events
	/// come out. It parses frames, checks every rule RFC 6455 sets for what a
	/// client sends, unmasks payloads, reassembles fragmented messages and
	/// validates text as UTF-8 while it arrives.
	///
	/// feed() consumes bytes until it has an event to report or the input runs
	/// out; the caller handles the event and feeds the rest. Input may be split
	/// anywhere, even inside a frame header. After EVENT_ERROR the stream is
	/// unusable: errorCode() and errorReason() say how to fail the connection.
	///
	/// With permessage-deflate enabled, a message whose first frame has RSV1
	/// set is inflated as its frames arrive, and the inflated bytes count
	/// against the size limit and are checked as UTF-8 as they come, so a
	/// small frame that would inflate past the limit fails with 1009 before
	/// the memory is taken. Compressed data that does not inflate fails with
	/// 1007: the payload does not match what its frame says it is.
{
public:
	enum Event
	{
		EVENT_NONE,     ///< all input consumed, nothing to report yet
		EVENT_MESSAGE,  ///< a complete text or binary message: messageType(), message()
		EVENT_PING,     ///< controlPayload()
		EVENT_PONG,     ///< controlPayload()
		EVENT_CLOSE,    ///< closeCode(), closeReason()
		EVENT_ERROR     ///< errorCode(), errorReason()
	};

	explicit MessageAssembler(std::size_t maxMessageSize);

	void enableInflate(ZlibStreamPool& pool, const DeflateParameters& parameters);
		/// Accepts compressed messages, as negotiated. Without client context
		/// takeover each message borrows an inflate stream from pool, which
		/// must outlive the assembler; with it, the assembler keeps its own.

	std::size_t feed(const char* data, std::size_t size);
		/// Consumes bytes and returns how many it took; event() tells why it stopped.

	Event event() const;

	Opcode messageType() const;
		/// TEXT or BINARY, for EVENT_MESSAGE.

	std::string& message();
		/// The payload of the message just completed. The caller may take it
		/// (e.g. by swapping); the buffer is cleared when the next message starts.

	const std::string& controlPayload() const;

	unsigned short closeCode() const;
		/// The code of the client's close frame, or CloseCode::NO_STATUS if it had none.

	std::string closeReason() const;

	unsigned short errorCode() const;

	const std::string& errorReason() const;

	bool inMessage() const;
		/// True while a message has started but its final frame has not arrived.

	bool messageCompressed() const;
		/// True if the message just completed came compressed.

	std::uint64_t messageWireSize() const;
		/// The payload bytes its frames carried: compressed, if it was.

private:
	std::size_t takeHeader(const char* data, std::size_t size);
	bool checkHeader();
	bool checkReservedBits(bool continuation);
	std::size_t takePayload(const char* data, std::size_t size);
	std::size_t takeCompressed(const char* data, std::size_t size);
	bool inflated(MessageInflater::Result result, std::size_t from);
	void startInflating();
	void finishInflating();
	void finishFrame();
	void finishClose();
	void fail(unsigned short code, const std::string& reason);

	enum State
	{
		STATE_HEADER,
		STATE_PAYLOAD,
		STATE_FAILED
	};

	const std::size_t _maxMessageSize;
	State _state;
	Event _event;

	char _headerBytes[FrameCodec::MAX_HEADER_LENGTH];
	std::size_t _headerFill;
	FrameHeader _header;
	std::uint64_t _payloadReceived;

	bool _inMessage;
	Opcode _messageType;
	bool _compressed;
	std::uint64_t _wireSize;
	std::string _message;
	Utf8Validator _utf8;

	ZlibStreamPool* _pool;                     // set when deflate was negotiated
	bool _keepInflater;                        // the client keeps its context
	int _clientWindowBits;
	ZlibStreamPool::Inflater _lent;            // for one message, without context takeover
	std::unique_ptr<MessageInflater> _own;     // for the whole session, with it
	MessageInflater* _inflater;                // the message's, while a compressed one arrives
	std::string _unmasked;                     // its payload, unmasked piece by piece

	std::string _control;
	unsigned short _errorCode;
	std::string _errorReason;
};


//
// inlines
//
inline MessageAssembler::Event MessageAssembler::event() const
{
	return _event;
}


inline Opcode MessageAssembler::messageType() const
{
	return _messageType;
}


inline std::string& MessageAssembler::message()
{
	return _message;
}


inline const std::string& MessageAssembler::controlPayload() const
{
	return _control;
}


inline unsigned short MessageAssembler::errorCode() const
{
	return _errorCode;
}


inline const std::string& MessageAssembler::errorReason() const
{
	return _errorReason;
}


inline bool MessageAssembler::inMessage() const
{
	return _inMessage;
}


inline bool MessageAssembler::messageCompressed() const
{
	return _compressed;
}


inline std::uint64_t MessageAssembler::messageWireSize() const
{
	return _wireSize;
}


} // namespace pocows


#endif // Pocows_MessageAssembler_INCLUDED
