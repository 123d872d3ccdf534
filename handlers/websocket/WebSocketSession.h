//
// WebSocketSession.h
//
// The extension point: one WebSocket service is one WebSocketSession subclass.
//


#ifndef Pocows_WebSocketSession_INCLUDED
#define Pocows_WebSocketSession_INCLUDED


#include "websocket/WebSocketConnection.h"
#include "Poco/Net/HTTPRequest.h"


namespace pocows {


class WebSocketSession
	/// A WebSocket service. Its route's factory creates one instance per
	/// accepted handshake, and the server calls run() on the connection's
	/// own thread from the session pool. request is a copy of the handshake
	/// request: its URI, query and headers (cookies, Origin, ...); the peer's
	/// address is connection.peerAddress().
	///
	/// To add a service, subclass this and register it on a route, in
	/// services/BuiltinServices.cpp:
	///
	///     service.addRoute("/chat", "chat", [] { return std::make_unique<ChatSession>(); });
{
public:
	virtual ~WebSocketSession();

	virtual void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) = 0;
		/// Serves one connection: typically a loop over receiveMessage()
		/// until it returns false. If the connection is still open when run()
		/// returns, the server closes it with 1000; an exception closes it
		/// with 1011.
};


} // namespace pocows


#endif // Pocows_WebSocketSession_INCLUDED
