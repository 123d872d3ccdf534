//
// Room.cpp
//


#include "websocket/Room.h"
#include "websocket/RoomDirectory.h"
#include <algorithm>


namespace pocows {


Room::Room(const std::string& name, ServerMetrics& metrics, RoomDirectory* directory):
	_name(name),
	_metrics(metrics),
	_directory(directory),
	_members(std::make_shared<const Members>())
{
}


Room::~Room()
{
	if (_directory) _directory->forget(_name);
}


RoomMembership Room::join(const SessionHandle& member)
{
	{
		std::lock_guard<std::mutex> lock(_membersMutex);
		if (std::find(_members->begin(), _members->end(), member) == _members->end())
		{
			auto members = std::make_shared<Members>(*_members);
			members->push_back(member);
			_members = std::move(members);
		}
	}
	return RoomMembership(shared_from_this(), member);
}


void Room::leave(const SessionHandle& member)
{
	std::lock_guard<std::mutex> lock(_membersMutex);
	if (std::find(_members->begin(), _members->end(), member) == _members->end()) return;
	auto members = std::make_shared<Members>();
	members->reserve(_members->size() - 1);
	for (const SessionHandle& other: *_members)
	{
		if (other != member) members->push_back(other);
	}
	_members = std::move(members);
}


void Room::removeClosed(const Members& closed)
{
	std::lock_guard<std::mutex> lock(_membersMutex);
	auto members = std::make_shared<Members>();
	for (const SessionHandle& member: *_members)
	{
		if (std::find(closed.begin(), closed.end(), member) == closed.end()) members->push_back(member);
	}
	_members = std::move(members);
}


std::size_t Room::publish(const Outbox::Frame& frame)
{
	const std::size_t queued = queue(frame);
	flush();
	return queued;
}


std::size_t Room::queue(const Outbox::Frame& frame)
{
	const std::shared_ptr<const Members> members = this->members();
	return queueTo(*members, [&frame](const SessionHandle&) -> const Outbox::Frame& { return frame; }, Outbox::payloadSize(frame));
}


std::size_t Room::publish(PreparedMessage& message)
{
	const std::size_t queued = queue(message);
	flush();
	return queued;
}


std::size_t Room::queue(PreparedMessage& message)
{
	const std::shared_ptr<const Members> members = this->members();
	// Every frame the members need is made first, outside the order lock.
	for (const SessionHandle& member: *members) message.frameFor(member);
	return queueTo(*members, [&message](const SessionHandle& member) -> const Outbox::Frame& { return message.frameFor(member); }, message.payloadSize());
}


template <class FrameOf>
std::size_t Room::queueTo(const Members& members, FrameOf frameOf, std::size_t payloadSize)
{
	std::size_t queued = 0;
	Members closed;
	{
		// Queuing takes no I/O; holding the lock for it is what gives every
		// member the same order.
		std::lock_guard<std::mutex> order(_orderMutex);
		for (const SessionHandle& member: members)
		{
			if (member.outbox().enqueue(frameOf(member), payloadSize)) ++queued;
			else if (!member.isOpen()) closed.push_back(member);
		}
	}
	_metrics.messagePublished();
	// A session whose membership outlives it leaves here.
	if (!closed.empty()) removeClosed(closed);
	return queued;
}


void Room::flush()
{
	// Held here: a range-for over *members() would let the list go at once.
	const std::shared_ptr<const Members> members = this->members();
	for (const SessionHandle& member: *members) member.outbox().writeQueued();
}


std::size_t Room::publishText(const std::string& text)
{
	PreparedMessage message(Opcode::TEXT, text.data(), text.size());
	return publish(message);
}


std::size_t Room::publishBinary(const void* data, std::size_t size)
{
	PreparedMessage message(Opcode::BINARY, static_cast<const char*>(data), size);
	return publish(message);
}


std::shared_ptr<const Room::Members> Room::members() const
{
	std::lock_guard<std::mutex> lock(_membersMutex);
	return _members;
}


std::size_t Room::size() const
{
	return members()->size();
}


} // namespace pocows
