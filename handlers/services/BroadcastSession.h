//
// BroadcastSession.h
//
// Relays every message a client sends, unchanged, to every session of its room, the sender's included.
//


#ifndef Pocows_BroadcastSession_INCLUDED
#define Pocows_BroadcastSession_INCLUDED


#include "websocket/Room.h"
#include "websocket/WebSocketSession.h"
#include <memory>


namespace pocows {


class BroadcastSession: public WebSocketSession
	/// The whole of a broadcast service, as Boost.Beast's chat-multi example
	/// and the plain relays of other servers are: every session joins one
	/// room, and whatever a client sends is published to it as it came. It is
	/// what the fan-out benchmark runs, and the shortest example of a room.
{
public:
	explicit BroadcastSession(std::shared_ptr<Room> room);

	void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) override;

private:
	std::shared_ptr<Room> _room;
};


} // namespace pocows


#endif // Pocows_BroadcastSession_INCLUDED
