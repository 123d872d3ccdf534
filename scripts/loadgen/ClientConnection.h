//
// ClientConnection.h
//
// One non-blocking WebSocket client connection for the load generator.
//


#ifndef Pocows_ClientConnection_INCLUDED
#define Pocows_ClientConnection_INCLUDED


#include "rfc6455/FrameCodec.h"
#include <cstddef>
#include <cstdint>
#include <netinet/in.h>
#include <string>


namespace pocows {


class ClientConnection
	/// A socket in non-blocking mode with its input and output buffers: it
	/// connects, sends the opening handshake, checks the
	/// 101, and then writes masked frames and parses the server's frames.
	/// The owner drives it from an epoll loop.
{
public:
	enum State
	{
		CONNECTING,
		HANDSHAKING,
		OPEN,
		CLOSED,
		FAILED
	};

	static const std::string DEFLATE_OFFER;
		///< permessage-deflate as Chromium offers it

	struct Frame
	{
		unsigned char opcode = 0;
		bool fin = true;
		bool compressed = false;   ///< RSV1: the first frame of a permessage-deflate message
		const char* payload = nullptr;
		std::size_t size = 0;
	};

	ClientConnection(const sockaddr_in& address, const std::string& host, const std::string& target = "/echo", const std::string& protocol = "echo", int receiveBuffer = 0,
		const std::string& extensions = std::string());
		/// Starts connecting, to open a WebSocket on target offering the
		/// subprotocol (none if empty) and the extensions (none if empty);
		/// state() is FAILED if that fails at once. receiveBuffer > 0 sets
		/// the socket's receive buffer, before connecting, so that the window
		/// stays that small.

	~ClientConnection();

	int descriptor() const;

	State state() const;

	const std::string& error() const;

	bool wantsWrite() const;
		/// True while connecting or while output is waiting for the socket.

	void onWritable();

	void onReadable();
		/// Reads what is there; completes the handshake; marks CLOSED at the
		/// end of the stream and FAILED on an error.

	bool nextFrame(Frame& frame);
		/// The next complete frame from the input, valid until the next call
		/// and only until any connection's next onReadable().

	void send(Opcode opcode, const char* data, std::size_t size, bool compressed = false);
		/// Queues a masked frame and writes as much as the socket takes;
		/// compressed sets RSV1.

	const std::string& acceptedExtensions() const;
		/// The server's Sec-WebSocket-Extensions, once open.

private:
	ClientConnection(const ClientConnection&) = delete;
	ClientConnection& operator=(const ClientConnection&) = delete;

	void flush();
	void fail(const std::string& error);
	static std::size_t parseFrame(const char* data, std::size_t available, Frame& frame);
	void checkHandshake();

	int _descriptor;
	State _state;
	std::string _error;
	std::string _input;
	std::size_t _inputConsumed;
	const char* _view;           // frames read into the shared buffer and not yet parsed
	std::size_t _viewSize;
	std::string _output;
	std::size_t _outputSent;
	std::string _handshake;
	std::string _extensions;
	std::uint32_t _maskSeed;
};


inline int ClientConnection::descriptor() const
{
	return _descriptor;
}


inline ClientConnection::State ClientConnection::state() const
{
	return _state;
}


inline const std::string& ClientConnection::error() const
{
	return _error;
}


inline const std::string& ClientConnection::acceptedExtensions() const
{
	return _extensions;
}


inline bool ClientConnection::wantsWrite() const
{
	return _state == CONNECTING || _outputSent < _output.size();
}


} // namespace pocows


#endif // Pocows_ClientConnection_INCLUDED
