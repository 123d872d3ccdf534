//
// RequestRouter.h
//
// The server's request handler factory: WebSocket routes and status paths by path, files for everything else.
//


#ifndef Pocows_RequestRouter_INCLUDED
#define Pocows_RequestRouter_INCLUDED


#include "files/StaticFileService.h"
#include "http/ServerFacts.h"
#include "http/ServerMetrics.h"
#include "http/StatusSettings.h"
#include "websocket/WebSocketService.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"


namespace pocows {


class RequestRouter: public Poco::Net::HTTPRequestHandlerFactory
	/// Sends a request whose path is a WebSocket route to that route's
	/// WebSocketHandler, the health and metrics paths to the StatusHandler,
	/// and every other request to the StaticFileHandler; each handler is
	/// wrapped in a RequestObserver. The only class that knows every wing.
{
public:
	RequestRouter(WebSocketService& webSockets, StaticFileService& files, const StatusSettings& status, const ServerFacts& facts, ServerMetrics& metrics);
		/// The services must outlive the router.

	Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
	Poco::Net::HTTPRequestHandler* chooseHandler(const std::string& path);

	WebSocketService& _webSockets;
	StaticFileService& _files;
	const StatusSettings _status;
	const ServerFacts _facts;
	ServerMetrics& _metrics;
	Poco::Logger& _accessLog;  // looked up once: Logger::get() takes a global lock
};


} // namespace pocows


#endif // Pocows_RequestRouter_INCLUDED
