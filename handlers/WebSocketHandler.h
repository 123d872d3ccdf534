//
// WebSocketHandler.h
//
// Answers the handshake on a WebSocket route and runs the session on the connection's thread.
//


#ifndef Pocows_WebSocketHandler_INCLUDED
#define Pocows_WebSocketHandler_INCLUDED


#include "ConnectionRegistry.h"
#include "ServerMetrics.h"
#include "WebSocketRoute.h"
#include "WebSocketSettings.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/StreamSocket.h"


namespace pocows {


class WebSocketHandler: public Poco::Net::HTTPRequestHandler
	/// Checks the handshake, answers 101 or an error with its reason, then
	/// takes the socket over from POCO's HTTP session and runs the route's
	/// session on it until the connection closes. The socket never goes back
	/// to the HTTP server: once upgraded, the connection is the session's.
	/// When websocket.maxSessions sessions are open, an upgrade gets 503.
{
public:
	WebSocketHandler(const WebSocketRoute& route, const WebSocketSettings& settings, ConnectionRegistry& registry, ServerMetrics& metrics, Poco::Logger& logger);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
	static void sendResponseHead(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerResponse& response);
	void runSession(Poco::Net::HTTPServerRequest& request, WebSocketConnection& connection);
	void logClose(const WebSocketConnection& connection, const Poco::Timespan& duration);

	const WebSocketRoute& _route;
	const WebSocketSettings& _settings;
	ConnectionRegistry& _registry;
	ServerMetrics& _metrics;
	Poco::Logger& _logger;
};


} // namespace pocows


#endif // Pocows_WebSocketHandler_INCLUDED
