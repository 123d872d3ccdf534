//
// RoomMembership.cpp
//


#include "websocket/RoomMembership.h"
#include "websocket/Room.h"


namespace pocows {


RoomMembership::RoomMembership()
{
}


RoomMembership::RoomMembership(std::shared_ptr<Room> room, const SessionHandle& member):
	_room(std::move(room)),
	_member(member)
{
}


RoomMembership::RoomMembership(RoomMembership&& other) noexcept:
	_room(std::move(other._room)),
	_member(std::move(other._member))
{
}


RoomMembership& RoomMembership::operator=(RoomMembership&& other) noexcept
{
	if (this != &other)
	{
		leave();
		_room = std::move(other._room);
		_member = std::move(other._member);
	}
	return *this;
}


RoomMembership::~RoomMembership()
{
	leave();
}


void RoomMembership::leave()
{
	if (!_room) return;
	_room->leave(_member);
	_room.reset();
	_member = SessionHandle();
}


} // namespace pocows
