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
	// Messages that arrived together go out together: queued as they are
	// read, written to every member once there is nothing more to read.
	bool queued = false;
	connection.setBeforeWait([&]
	{
		if (queued) _room->flush();
		queued = false;
	});
	WebSocketMessage message;
	while (connection.receiveMessage(message))
	{
		PreparedMessage prepared(message.type, message.payload.data(), message.payload.size());
		_room->queue(prepared);
		queued = true;
	}
	if (queued) _room->flush();
}


} // namespace pocows
