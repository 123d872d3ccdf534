//
// StatsSession.h
//
// A viewer of the live dashboard: a member of the stats room, which only listens.
//


#ifndef Pocows_StatsSession_INCLUDED
#define Pocows_StatsSession_INCLUDED


#include "websocket/Room.h"
#include "websocket/WebSocketSession.h"
#include <memory>


namespace pocows {


class StatsSession: public WebSocketSession
	/// Joins the stats room and gets the StatsPublisher's figures once a
	/// second until it closes. What a viewer sends is ignored.
{
public:
	explicit StatsSession(std::shared_ptr<Room> room);

	void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) override;

private:
	std::shared_ptr<Room> _room;
};


} // namespace pocows


#endif // Pocows_StatsSession_INCLUDED
