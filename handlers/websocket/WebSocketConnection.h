//
// WebSocketConnection.h
//
// A server-side WebSocket connection on a blocking socket: messages in, messages out.
//


#ifndef Pocows_WebSocketConnection_INCLUDED
#define Pocows_WebSocketConnection_INCLUDED


#include "http/ServerMetrics.h"
#include "rfc6455/MessageAssembler.h"
#include "rfc6455/WebSocketMessage.h"
#include "rfc6455/DeflateParameters.h"
#include "websocket/FrameWriter.h"
#include "websocket/MessageCompressor.h"
#include "websocket/Outbox.h"
#include "websocket/OutboxFlusher.h"
#include "websocket/SessionHandle.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Buffer.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include <functional>
#include <memory>
#include <string>


namespace pocows {


class WebSocketConnection
	/// What a session handler talks through once the handshake is done.
	///
	/// receiveMessage() blocks until a whole message has arrived and takes
	/// care of everything else on the way: it answers pings, answers and
	/// completes the close handshake, and fails the connection with the right
	/// close code on any protocol violation, so a handler only ever sees valid
	/// messages. It returns false once the connection is over.
	///
	/// Sends are coalesced: a send goes out at once unless more input is already
	/// waiting in the receive buffer, in which case it leaves with the next send
	/// or before receiveMessage() next blocks. flush() forces it out. Every
	/// byte goes through the connection's Outbox.
	///
	/// A connection belongs to the thread that runs its session; only shutdown()
	/// and abort() may be called from other threads. To reach the session from
	/// another thread or session, use its handle(), or let it join a Room.
{
public:
	using Statistics = ServerMetrics::Traffic;

	WebSocketConnection(const Poco::Net::StreamSocket& socket, const Poco::Net::SocketAddress& peerAddress, const WebSocketSettings& settings, ServerMetrics& metrics, OutboxFlusher& flusher, const char* early = nullptr, std::size_t earlySize = 0);
		/// Takes over a socket whose handshake has been answered. early holds
		/// bytes the client sent right behind its handshake request, if any.
		/// The connection's traffic is added to metrics as it goes; flusher
		/// writes what others post to it when its socket is full. settings,
		/// metrics and flusher are the server's and must outlive the connection.

	~WebSocketConnection();
		/// Closes the socket if the connection is still open, without a handshake.

	void enableCompression(const DeflateParameters& parameters, MessageCompressor& compressor);
		/// Turns on permessage-deflate as the handshake negotiated it, before
		/// the session starts: compressed messages are inflated on the way in,
		/// and messages sent are compressed (see FrameWriter). Without server
		/// context takeover, what others send through handle() and rooms is
		/// compressed too, once for all sessions alike; with it, that goes
		/// uncompressed, as the session's context is its own messages' alone.
		/// compressor is the server's and must outlive the connection.

	bool receiveMessage(WebSocketMessage& message);
		/// Waits for the next message. Returns false when the connection has
		/// closed; closeCode() and closeReason() then say how. The message's
		/// previous buffer is reused, so receiving into the same object in a
		/// loop does not allocate.

	void sendMessage(const WebSocketMessage& message);
		/// Sends a message of the given type. A send after the close handshake
		/// has begun is dropped, as the peer would ignore it; isOpen() tells.

	void sendText(const std::string& text, bool final = true);
		/// Sends a text message, or with final false the first or a further
		/// fragment of one, ended by a send with final true; pings are still
		/// answered between fragments. The text must be valid UTF-8; that of
		/// a fragmented message is checked across its fragments, and a
		/// fragment that breaks it is not sent but refused with
		/// Poco::InvalidArgumentException. While a fragmented message is
		/// open, any other send throws Poco::InvalidAccessException.

	void sendBinary(const void* data, std::size_t size, bool final = true);
		/// Sends a binary message, or a fragment of one, as sendText() does.

	void setReceiveTimeout(const Poco::Timespan& timeout);
		/// Overrides websocket.receiveTimeout for this connection: after this
		/// long without receiving anything the session is closed with 1001;
		/// zero waits for ever.

	void flush();
		/// Writes out whatever sends are still buffered.

	void setBeforeWait(std::function<void()> action);
		/// Has receiveMessage() call action each time before it waits for
		/// input, where it also writes out coalesced sends: the place for a
		/// session to write out what it queued for others (Room::flush())
		/// while messages were arriving faster than it could wait for them.

	void close(unsigned short code = CloseCode::NORMAL, const std::string& reason = std::string());
		/// Starts the close handshake, waits (at most the close timeout) for
		/// the peer's reply and closes the socket.

	void shutdown();
		/// Thread-safe: sends close 1001 "server shutting down" if the session
		/// thread is not in the middle of a send; otherwise asks it to.

	void abort();
		/// Thread-safe: cuts the TCP connection at once, waking the session thread.

	bool isOpen() const;
		/// True until the close handshake has begun or the connection failed.

	const SessionHandle& handle() const;
		/// The session's handle: for other threads and sessions to send to it.

	bool inputWaiting() const;
		/// True if received bytes wait to be read: another message may be
		/// ready without blocking.

	unsigned short closeCode() const;
		/// The code the connection ended with: the peer's if it closed first,
		/// the server's if it did, CloseCode::ABNORMAL if the TCP connection
		/// ended without a close frame.

	const std::string& closeReason() const;

	const Statistics& statistics() const;

	const Poco::Net::SocketAddress& peerAddress() const;

private:
	enum State
	{
		STATE_OPEN,
		STATE_CLOSING,  ///< a close frame has been sent; waiting for the reply
		STATE_CLOSED
	};

	void fillInput();
	void handleIdleTimeout();
	Poco::Timespan nextReceiveWait() const;
	void setReceiveWait(const Poco::Timespan& wait);
	void publishTraffic();
	void takeMessage(WebSocketMessage& message);
	void handleEvent(MessageAssembler::Event event);
	void answerClose();
	void startClose(unsigned short code, const std::string& reason);
	void adoptQueuedClose();
	void awaitCloseReply();
	void setOutcome(unsigned short code, const std::string& reason);
	void finish();
	void sendData(Opcode type, const char* data, std::size_t size, bool final);
	void sendControl(Opcode opcode, const char* data, std::size_t size);
	void failSend(const Poco::Exception& exc);

	Poco::Net::StreamSocket _socket;
	const WebSocketSettings& _settings;
	Poco::Net::SocketAddress _peerAddress;
	MessageAssembler _assembler;
	std::shared_ptr<Outbox> _outbox;
	FrameWriter _writer;
	SessionHandle _handle;
	std::function<void()> _beforeWait;

	Poco::Buffer<char> _input;  // not zero-filled: an idle session touches little of it
	std::size_t _inputPos;
	std::size_t _inputEnd;
	Poco::Timespan _receiveTimeout;  // websocket.receiveTimeout, unless the session set its own
	Poco::Timespan _receiveWait;     // the socket's current receive timeout
	Poco::Timespan _idle;            // how long nothing has arrived

	State _state;
	unsigned short _closeCode;
	std::string _closeReason;
	Statistics _statistics;
	Statistics _published;
	ServerMetrics& _metrics;
	bool _inflating;
};


//
// inlines
//
inline bool WebSocketConnection::isOpen() const
{
	return _state == STATE_OPEN && !_outbox->closeQueued();
}


inline const SessionHandle& WebSocketConnection::handle() const
{
	return _handle;
}


inline bool WebSocketConnection::inputWaiting() const
{
	return _inputPos < _inputEnd;
}


inline unsigned short WebSocketConnection::closeCode() const
{
	return _closeCode;
}


inline const std::string& WebSocketConnection::closeReason() const
{
	return _closeReason;
}


inline const WebSocketConnection::Statistics& WebSocketConnection::statistics() const
{
	return _statistics;
}


inline const Poco::Net::SocketAddress& WebSocketConnection::peerAddress() const
{
	return _peerAddress;
}


} // namespace pocows


#endif // Pocows_WebSocketConnection_INCLUDED
