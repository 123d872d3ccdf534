//
// TestWebSocketClient.h
//
// A deliberately simple WebSocket client for the tests: it builds every frame
// byte by byte (independently of the server's FrameCodec), so it can also send
// what a correct client never would.
//


#ifndef Pocows_TestWebSocketClient_INCLUDED
#define Pocows_TestWebSocketClient_INCLUDED


#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include <string>


namespace pocows {


class TestWebSocketClient
{
public:
	struct Frame
	{
		bool fin = true;
		unsigned char rsv = 0;
		unsigned char opcode = 0;
		std::string payload;

		unsigned short closeCode() const;
			/// 1005 if a close frame has no code.
		std::string closeReason() const;
	};

	static const std::string SAMPLE_KEY;

	explicit TestWebSocketClient(Poco::UInt16 port, const std::string& protocols = "echo", const std::string& afterRequest = std::string(), const std::string& from = std::string());
		/// Connects to 127.0.0.1:port, from the address from if given (any
		/// of 127/8), and sends a handshake offering protocols (none if
		/// empty), followed at once by afterRequest.

	TestWebSocketClient(Poco::UInt16 port, const std::string& request, bool raw);
		/// Connects and sends request exactly as given.

	explicit TestWebSocketClient(const Poco::Net::StreamSocket& connected);
		/// The client end of a connection whose handshake is over (or was
		/// never needed, as over a SocketPair in a unit test).

	int status() const;
		/// The status code of the handshake response.

	const std::string& responseHead() const;

	std::string header(const std::string& name) const;
		/// A header of the handshake response, or "" if absent.

	std::string responseBody();
		/// For a refused handshake: the body, read up to Content-Length.

	static std::string handshakeRequest(const std::string& protocols, const std::string& extraHeaders = std::string(), const std::string& target = "/echo");

	static std::string frame(unsigned char opcode, const std::string& payload, bool fin = true, unsigned char rsv = 0, bool masked = true);
		/// The bytes of one client frame, masked with a fixed, non-trivial key.

	static std::string closePayload(unsigned short code, const std::string& reason = std::string());

	void send(unsigned char opcode, const std::string& payload, bool fin = true);

	void sendRaw(const std::string& bytes);

	Frame receive();
		/// The next frame from the server; throws Poco::TimeoutException if none
		/// arrives within the timeout, Poco::Net::NetException at end of stream.

	bool receiveEnd();
		/// True if the server ends the TCP stream before sending anything more.

	void answerShutdown();
		/// Receives the server's close 1001 "server shutting down" (after
		/// any pings, which it answers) and answers it with 1001. Throws
		/// Poco::AssertionViolationException if the server sends anything else.

	std::string echo(unsigned char opcode, const std::string& payload);
		/// Sends one message and returns the payload of the reply, checking
		/// that it is one final frame of the same type.

	void setTimeout(const Poco::Timespan& timeout);

	Poco::Net::StreamSocket& socket();

private:
	void connect(Poco::UInt16 port, const std::string& request, const std::string& from = std::string());
	bool fill();

	Poco::Net::StreamSocket _socket;
	std::string _buffer;
	std::string _head;
	int _status;
};


inline int TestWebSocketClient::status() const
{
	return _status;
}


inline const std::string& TestWebSocketClient::responseHead() const
{
	return _head;
}


inline Poco::Net::StreamSocket& TestWebSocketClient::socket()
{
	return _socket;
}


} // namespace pocows


#endif // Pocows_TestWebSocketClient_INCLUDED
