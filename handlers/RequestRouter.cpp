//
// RequestRouter.cpp
//


#include "RequestRouter.h"
#include "files/StaticFileHandler.h"
#include "http/RequestObserver.h"
#include "http/StatusHandler.h"
#include "websocket/WebSocketHandler.h"
#include "Poco/Net/HTTPServerRequest.h"


namespace pocows {


RequestRouter::RequestRouter(WebSocketService& webSockets, StaticFileService& files, const StatusSettings& status, const ServerFacts& facts, ServerMetrics& metrics):
	_webSockets(webSockets),
	_files(files),
	_status(status),
	_facts(facts),
	_metrics(metrics),
	_accessLog(Poco::Logger::get("pocows.access"))
{
}


Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
	const std::string& target = request.getURI();
	return new RequestObserver(chooseHandler(target.substr(0, target.find('?'))), _metrics, _accessLog);
}


Poco::Net::HTTPRequestHandler* RequestRouter::chooseHandler(const std::string& path)
{
	if (const WebSocketRoute* route = _webSockets.findRoute(path)) return new WebSocketHandler(_webSockets, *route);
	if (!_status.healthPath.empty() && path == _status.healthPath) return new StatusHandler(StatusHandler::HEALTH, _status, _facts, _metrics);
	if (!_status.metricsPath.empty() && path == _status.metricsPath) return new StatusHandler(StatusHandler::METRICS, _status, _facts, _metrics);
	return new StaticFileHandler(_files);
}


} // namespace pocows
