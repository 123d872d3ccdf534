//
// BuiltinServices.cpp
//


#include "services/BuiltinServices.h"
#include "services/BroadcastSession.h"
#include "services/ChatSession.h"
#include "services/EchoSession.h"
#include "services/StatsSession.h"
#include "Poco/Net/HTTPResponse.h"
#include <memory>


namespace pocows {


BuiltinServices::BuiltinServices(WebSocketService& service, const ChatSettings& chat, const DashboardSettings& dashboard):
	_everyone(std::make_shared<Room>("broadcast", service.metrics()))
{
	service.addRoute("/echo", EchoSession::SUBPROTOCOL, [] { return std::make_unique<EchoSession>(); });
	service.addRoute("/broadcast", [this](const Poco::Net::HTTPServerRequest&, const std::vector<std::string>&)
	{
		return SessionDecision::accept(std::make_unique<BroadcastSession>(_everyone));
	});
	RoomDirectory& rooms = service.rooms();
	service.addRoute("/chat", [&rooms, chat](const Poco::Net::HTTPServerRequest& request, const std::vector<std::string>& subprotocols)
	{
		return ChatSession::decide(rooms, chat, request, subprotocols);
	});
	if (!dashboard.path.empty()) addDashboard(service, dashboard);
}


BuiltinServices::~BuiltinServices()
{
	stop();
}


void BuiltinServices::addDashboard(WebSocketService& service, const DashboardSettings& dashboard)
{
	_stats = std::make_unique<StatsPublisher>(service.metrics());
	std::shared_ptr<Room> room = _stats->room();
	const bool loopbackOnly = dashboard.loopbackOnly;
	service.addRoute(dashboard.path, [room, loopbackOnly](const Poco::Net::HTTPServerRequest& request, const std::vector<std::string>&)
	{
		if (loopbackOnly && !request.clientAddress().host().isLoopback())
			return SessionDecision::refuse("the stats feed is for loopback clients only", Poco::Net::HTTPResponse::HTTP_FORBIDDEN);
		return SessionDecision::accept(std::make_unique<StatsSession>(room));
	});
}


void BuiltinServices::stop()
{
	if (_stats) _stats->stop();
}


} // namespace pocows
