//
// WebSocketHandler.h
//
// Answers the handshake on a WebSocket route and hands the session to the session pool.
//


#ifndef Pocows_WebSocketHandler_INCLUDED
#define Pocows_WebSocketHandler_INCLUDED


#include "websocket/ConnectionRegistry.h"
#include "http/ServerMetrics.h"
#include "websocket/WebSocketRoute.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/ThreadPool.h"


namespace pocows {


class WebSocketHandler: public Poco::Net::HTTPRequestHandler
	/// Checks the handshake, answers 101 or an error with its reason, then
	/// takes the socket over from POCO's HTTP session and hands it to a
	/// SessionRunner, which runs the route's session on a thread of the
	/// session pool until the connection closes. The socket never goes back
	/// to the HTTP server: once upgraded, the connection is the session's.
	/// When websocket.maxSessions sessions are open, an upgrade gets 503.
{
public:
	WebSocketHandler(const WebSocketRoute& route, const WebSocketSettings& settings, ConnectionRegistry& registry, Poco::ThreadPool& sessionThreads, ServerMetrics& metrics, Poco::Logger& logger);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
	static void sendResponseHead(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerResponse& response);

	const WebSocketRoute& _route;
	const WebSocketSettings& _settings;
	ConnectionRegistry& _registry;
	Poco::ThreadPool& _sessionThreads;
	ServerMetrics& _metrics;
	Poco::Logger& _logger;
};


} // namespace pocows


#endif // Pocows_WebSocketHandler_INCLUDED
