//
// RoomDirectory.cpp
//


#include "websocket/RoomDirectory.h"
#include "websocket/Room.h"


namespace pocows {


RoomDirectory::RoomDirectory(ServerMetrics& metrics):
	_metrics(metrics)
{
}


std::shared_ptr<Room> RoomDirectory::room(const std::string& name)
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::weak_ptr<Room>& entry = _rooms[name];
	std::shared_ptr<Room> room = entry.lock();
	if (!room)
	{
		room = std::make_shared<Room>(name, _metrics, this);
		entry = room;
	}
	return room;
}


std::shared_ptr<Room> RoomDirectory::find(const std::string& name) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto it = _rooms.find(name);
	return it == _rooms.end() ? nullptr : it->second.lock();
}


std::vector<std::string> RoomDirectory::names() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::vector<std::string> names;
	for (const auto& entry: _rooms)
	{
		if (!entry.second.expired()) names.push_back(entry.first);
	}
	return names;
}


std::size_t RoomDirectory::size() const
{
	return names().size();
}


void RoomDirectory::forget(const std::string& name)
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto it = _rooms.find(name);
	// A room of the same name may have been made since this one's last holder let go.
	if (it != _rooms.end() && it->second.expired()) _rooms.erase(it);
}


} // namespace pocows
