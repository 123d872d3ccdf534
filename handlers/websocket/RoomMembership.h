//
// RoomMembership.h
//
// A session's place in a room, held for as long as the object lives.
//


#ifndef Pocows_RoomMembership_INCLUDED
#define Pocows_RoomMembership_INCLUDED


#include "websocket/SessionHandle.h"
#include <memory>


namespace pocows {


class Room;


class RoomMembership
	/// Returned by Room::join(); movable, not copyable. Destroying it, or
	/// leave(), takes the session out of the room. Keep it in the session
	/// object, and the session leaves when it ends. It keeps its room alive.
{
public:
	RoomMembership();
		/// A membership of no room.

	RoomMembership(RoomMembership&& other) noexcept;
	RoomMembership& operator=(RoomMembership&& other) noexcept;
	~RoomMembership();

	void leave();
		/// Leaves the room now; then the membership is of no room.

	Room* room() const;
		/// The room, or nullptr.

	explicit operator bool() const;

private:
	friend class Room;

	RoomMembership(std::shared_ptr<Room> room, const SessionHandle& member);
	RoomMembership(const RoomMembership&) = delete;
	RoomMembership& operator=(const RoomMembership&) = delete;

	std::shared_ptr<Room> _room;
	SessionHandle _member;
};


//
// inlines
//
inline Room* RoomMembership::room() const
{
	return _room.get();
}


inline RoomMembership::operator bool() const
{
	return static_cast<bool>(_room);
}


} // namespace pocows


#endif // Pocows_RoomMembership_INCLUDED
