//
// RequestRouter.cpp
//


#include "RequestRouter.h"
#include "http/RequestObserver.h"
#include "files/StaticFileHandler.h"
#include "http/StatusHandler.h"
#include "websocket/WebSocketHandler.h"
#include "Poco/Net/HTTPServerRequest.h"


namespace pocows {


RequestRouter::RequestRouter(const StaticFileSettings& files, const WebSocketSettings& webSockets, const StatusSettings& status, Poco::ThreadPool& sessionThreads, ServerMetrics& metrics):
	_files(files),
	_webSockets(webSockets),
	_status(status),
	_resolver(files),
	_mimeTypes(files.mimeTypes),
	_fileCache(files.memoryCache),
	_sessionThreads(sessionThreads),
	_metrics(metrics),
	_connections(webSockets.maxSessions),
	_accessLog(Poco::Logger::get("pocows.access")),
	_webSocketLog(Poco::Logger::get("pocows.websocket"))
{
}


void RequestRouter::addWebSocketRoute(const std::string& path, const std::string& subprotocol, WebSocketRoute::SessionFactory factory)
{
	_routes[path] = WebSocketRoute{path, subprotocol, std::move(factory)};
}


Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
	const std::string& target = request.getURI();
	return new RequestObserver(chooseHandler(target.substr(0, target.find('?'))), _metrics, _accessLog);
}


Poco::Net::HTTPRequestHandler* RequestRouter::chooseHandler(const std::string& path)
{
	const auto route = _routes.find(path);
	if (route != _routes.end()) return new WebSocketHandler(route->second, _webSockets, _connections, _sessionThreads, _metrics, _webSocketLog);
	if (!_status.healthPath.empty() && path == _status.healthPath) return new StatusHandler(StatusHandler::HEALTH, _status, _metrics);
	if (!_status.metricsPath.empty() && path == _status.metricsPath) return new StatusHandler(StatusHandler::METRICS, _status, _metrics);
	return new StaticFileHandler(_resolver, _mimeTypes, _fileCache, _files);
}


} // namespace pocows
