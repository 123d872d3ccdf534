//
// RequestRouter.cpp
//


#include "RequestRouter.h"
#include "StaticFileHandler.h"
#include "WebSocketHandler.h"
#include "Poco/Net/HTTPServerRequest.h"


namespace pocows {


RequestRouter::RequestRouter(const StaticFileSettings& files, const WebSocketSettings& webSockets):
	_webSockets(webSockets),
	_resolver(files.docroot)
{
}


void RequestRouter::addWebSocketRoute(const std::string& path, const std::string& subprotocol, WebSocketRoute::SessionFactory factory)
{
	_routes[path] = WebSocketRoute{path, subprotocol, std::move(factory)};
}


Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
	const std::string& target = request.getURI();
	const auto route = _routes.find(target.substr(0, target.find('?')));
	if (route != _routes.end()) return new WebSocketHandler(route->second, _webSockets, _connections);
	return new StaticFileHandler(_resolver);
}


} // namespace pocows
