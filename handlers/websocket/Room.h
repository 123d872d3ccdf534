//
// Room.h
//
// A topic that sessions join: what is published to it goes to every member, in one order.
//


#ifndef Pocows_Room_INCLUDED
#define Pocows_Room_INCLUDED


#include "http/ServerMetrics.h"
#include "websocket/Outbox.h"
#include "websocket/PreparedMessage.h"
#include "websocket/RoomMembership.h"
#include "websocket/SessionHandle.h"
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>


namespace pocows {


class RoomDirectory;


class Room: public std::enable_shared_from_this<Room>
	/// Sessions join a room with join(), which returns their membership:
	/// they leave when it is destroyed, so a session that keeps its
	/// memberships leaves every room when it ends. Any thread may publish.
	///
	/// A message is framed once, and the same bytes are queued for every
	/// member (server frames are unmasked, so every recipient's are alike).
	/// Publishing queues the message for all members under one lock, which
	/// gives every member the room's messages in the same order whoever
	/// published them, and then writes to each member what its socket takes
	/// at once, outside any lock of the room: a member that does not read
	/// costs the publisher nothing but its queue, which the slow-consumer
	/// limits bound. The member list is copy-on-write: join and leave copy
	/// it, publishing only takes a reference to the current one.
	///
	/// Rooms are made with std::make_shared, or found by name in the
	/// server's RoomDirectory.
{
public:
	using Members = std::vector<SessionHandle>;

	Room(const std::string& name, ServerMetrics& metrics, RoomDirectory* directory = nullptr);
		/// metrics must outlive the room. A room from a directory tells it when it goes.

	~Room();

	const std::string& name() const;

	RoomMembership join(const SessionHandle& member);
		/// Adds member, unless it is in the room already, for as long as the
		/// membership returned lives.

	std::size_t publish(const Outbox::Frame& frame);
		/// Sends a message framed with Outbox::makeFrame() to every member:
		/// queue() and flush(). Returns the number of members it was queued
		/// for; the others are closing or have passed a limit.

	std::size_t queue(const Outbox::Frame& frame);
		/// Queues a message for every member, in the room's order, and writes
		/// nothing yet. Publishing several messages with queue() and then
		/// flush() writes each member all of them in one system call, where
		/// publish() would make one per message.

	void flush();
		/// Writes to every member what its socket takes now of its queue.

	std::size_t publish(PreparedMessage& message);
		/// Sends a message to every member, compressed once for all those
		/// that take it compressed: queue() and flush().

	std::size_t queue(PreparedMessage& message);
		/// Queues a message as queue() does a frame. Compression happens
		/// before the room's order lock is taken.

	std::size_t publishText(const std::string& text);
		/// Sends a text message, which must be valid UTF-8, to every member.

	std::size_t publishBinary(const void* data, std::size_t size);

	std::shared_ptr<const Members> members() const;
		/// The members now: a list that later joins and leaves do not change.

	std::size_t size() const;

private:
	friend class RoomMembership;

	Room(const Room&) = delete;
	Room& operator=(const Room&) = delete;

	template <class FrameOf>
	std::size_t queueTo(const Members& members, FrameOf frameOf, std::size_t payloadSize);
	void leave(const SessionHandle& member);
	void removeClosed(const Members& closed);

	const std::string _name;
	ServerMetrics& _metrics;
	RoomDirectory* _directory;
	mutable std::mutex _membersMutex;       // guards the pointer _members, never held across a publish
	std::shared_ptr<const Members> _members;
	std::mutex _orderMutex;                 // one publish at a time queues its message
};


//
// inlines
//
inline const std::string& Room::name() const
{
	return _name;
}


} // namespace pocows


#endif // Pocows_Room_INCLUDED
