//
// RoomDirectory.h
//
// The rooms of a server by name: made on first use, gone once no one holds them.
//


#ifndef Pocows_RoomDirectory_INCLUDED
#define Pocows_RoomDirectory_INCLUDED


#include "http/ServerMetrics.h"
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>


namespace pocows {


class Room;


class RoomDirectory
	/// Where sessions find a room by its name, as a chat service does. The
	/// directory does not keep a room alive: memberships and other holders
	/// do, so a room that the last member left and no one holds is gone, and
	/// the next room() of its name makes a new one. Thread-safe. It must
	/// outlive its rooms.
{
public:
	explicit RoomDirectory(ServerMetrics& metrics);

	std::shared_ptr<Room> room(const std::string& name);
		/// The room of that name, made now if there is none.

	std::shared_ptr<Room> find(const std::string& name) const;
		/// The room of that name, or nullptr.

	std::vector<std::string> names() const;
		/// The names of the rooms there are now, in order.

	std::size_t size() const;

private:
	friend class Room;

	RoomDirectory(const RoomDirectory&) = delete;
	RoomDirectory& operator=(const RoomDirectory&) = delete;

	void forget(const std::string& name);

	ServerMetrics& _metrics;
	mutable std::mutex _mutex;
	std::map<std::string, std::weak_ptr<Room>> _rooms;
};


} // namespace pocows


#endif // Pocows_RoomDirectory_INCLUDED
