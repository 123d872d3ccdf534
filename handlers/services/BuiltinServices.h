//
// BuiltinServices.h
//
// The WebSocket services pocows ships with, on their routes.
//


#ifndef Pocows_BuiltinServices_INCLUDED
#define Pocows_BuiltinServices_INCLUDED


#include "services/ChatSettings.h"
#include "services/DashboardSettings.h"
#include "services/StatsPublisher.h"
#include "websocket/Room.h"
#include "websocket/WebSocketService.h"
#include <memory>


namespace pocows {


class BuiltinServices
	/// Where a service gets its route: adding a service touches only this
	/// wing, its class and one line here. The services are echo on /echo
	/// (subprotocol "echo"), a relay to everyone on /broadcast (any
	/// subprotocol or none), the chat on /chat (subprotocol "chat") and, on
	/// the dashboard's path, the feed of the server's figures.
{
public:
	BuiltinServices(WebSocketService& service, const ChatSettings& chat, const DashboardSettings& dashboard);
		/// Adds the routes to service, and starts the dashboard's publisher
		/// if it has a path. service must outlive this.

	~BuiltinServices();

	void stop();
		/// Stops what runs on a thread of its own: the dashboard's publisher.

private:
	BuiltinServices(const BuiltinServices&) = delete;
	BuiltinServices& operator=(const BuiltinServices&) = delete;

	void addDashboard(WebSocketService& service, const DashboardSettings& dashboard);

	std::shared_ptr<Room> _everyone;
	std::unique_ptr<StatsPublisher> _stats;
};


} // namespace pocows


#endif // Pocows_BuiltinServices_INCLUDED
