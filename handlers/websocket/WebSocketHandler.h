//
// WebSocketHandler.h
//
// Answers the handshake on a WebSocket route and hands the session to the session pool.
//


#ifndef Pocows_WebSocketHandler_INCLUDED
#define Pocows_WebSocketHandler_INCLUDED


#include "rfc6455/WebSocketHandshake.h"
#include "websocket/WebSocketRoute.h"
#include "websocket/WebSocketService.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/StreamSocket.h"


namespace pocows {


class WebSocketHandler: public Poco::Net::HTTPRequestHandler
	/// Checks the handshake, lets the route's factory accept or refuse it,
	/// answers 101 or an error with its reason, then takes the socket over
	/// from POCO's HTTP session and hands it to a SessionRunner, which runs
	/// the session on a thread of the session pool until the connection
	/// closes. The socket never goes back to the HTTP server: once upgraded,
	/// the connection is the session's. When websocket.maxSessions sessions
	/// are open, an upgrade gets 503.
{
public:
	WebSocketHandler(WebSocketService& service, const WebSocketRoute& route);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
	void refuse(const WebSocketHandshake& handshake, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	void refuseForBadSubprotocol(const std::string& subprotocol, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	void refuseForCapacity(SessionRegistry::Refusal refusal, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	static void sendResponseHead(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerResponse& response);

	WebSocketService& _service;
	const WebSocketRoute& _route;
};


} // namespace pocows


#endif // Pocows_WebSocketHandler_INCLUDED
