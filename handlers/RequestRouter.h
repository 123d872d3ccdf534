//
// RequestRouter.h
//
// The server's request handler factory: WebSocket routes and status paths by path, files for everything else.
//


#ifndef Pocows_RequestRouter_INCLUDED
#define Pocows_RequestRouter_INCLUDED


#include "websocket/ConnectionRegistry.h"
#include "files/FileCache.h"
#include "files/MimeTypes.h"
#include "files/PathResolver.h"
#include "http/ServerMetrics.h"
#include "files/StaticFileSettings.h"
#include "http/StatusSettings.h"
#include "websocket/WebSocketRoute.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/ThreadPool.h"
#include <map>
#include <string>


namespace pocows {


class RequestRouter: public Poco::Net::HTTPRequestHandlerFactory
	/// Sends a request whose path is a WebSocket route to that route's
	/// WebSocketHandler, the health and metrics paths to the StatusHandler,
	/// and every other request to the StaticFileHandler; each handler is
	/// wrapped in a RequestObserver. Routes are added before the server
	/// starts and never change after.
{
public:
	RequestRouter(const StaticFileSettings& files, const WebSocketSettings& webSockets, const StatusSettings& status, Poco::ThreadPool& sessionThreads, ServerMetrics& metrics);
		/// Throws Poco::FileNotFoundException if the document root does not exist.
		/// WebSocket sessions run on sessionThreads, which must outlive them.

	void addWebSocketRoute(const std::string& path, const std::string& subprotocol, WebSocketRoute::SessionFactory factory);
		/// Offers a WebSocket service at path to clients that offer subprotocol.

	ConnectionRegistry& connections();

	Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
	Poco::Net::HTTPRequestHandler* chooseHandler(const std::string& path);

	const StaticFileSettings _files;
	const WebSocketSettings _webSockets;
	const StatusSettings _status;
	const PathResolver _resolver;
	const MimeTypes _mimeTypes;
	FileCache _fileCache;
	Poco::ThreadPool& _sessionThreads;
	ServerMetrics& _metrics;
	std::map<std::string, WebSocketRoute> _routes;
	ConnectionRegistry _connections;
	// Looked up once: Logger::get() takes a global lock.
	Poco::Logger& _accessLog;
	Poco::Logger& _webSocketLog;
};


inline ConnectionRegistry& RequestRouter::connections()
{
	return _connections;
}


} // namespace pocows


#endif // Pocows_RequestRouter_INCLUDED
