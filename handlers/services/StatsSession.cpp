//
// StatsSession.cpp
//


#include "services/StatsSession.h"


namespace pocows {


StatsSession::StatsSession(std::shared_ptr<Room> room):
	_room(std::move(room))
{
}


void StatsSession::run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection)
{
	const RoomMembership membership = _room->join(connection.handle());
	WebSocketMessage message;
	while (connection.receiveMessage(message))
	{
	}
}


} // namespace pocows
