//
// BroadcastSession.cpp
//


#include "services/BroadcastSession.h"


namespace pocows {


BroadcastSession::BroadcastSession(std::shared_ptr<Room> room):
	_room(std::move(room))
{
}


void BroadcastSession::run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection)
{
	const RoomMembership membership = _room->join(connection.handle());
	WebSocketMessage message;
	while (connection.receiveMessage(message))
	{
		_room->publish(Outbox::makeFrame(message.type, message.payload.data(), message.payload.size()));
	}
}


} // namespace pocows
