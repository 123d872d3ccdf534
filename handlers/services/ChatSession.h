//
// ChatSession.h
//
// A chat: rooms by name, nicks, JSON messages, join and leave notices, a rate limit.
//


#ifndef Pocows_ChatSession_INCLUDED
#define Pocows_ChatSession_INCLUDED


#include "services/ChatSettings.h"
#include "services/MessageRate.h"
#include "websocket/Room.h"
#include "websocket/RoomDirectory.h"
#include "websocket/SessionDecision.h"
#include "websocket/WebSocketSession.h"
#include "Poco/Net/HTTPRequest.h"
#include <string>
#include <vector>


namespace pocows {


class ChatSession: public WebSocketSession
	/// The chat service on /chat, subprotocol "chat": the example of rooms
	/// that users see, with htdocs/chat.html as its page.
	///
	/// The handshake's URI picks the room and the nick:
	/// /chat?room=lobby&nick=ada. Both are optional (the default room; a
	/// nick "guest-N"); a room is 1 to 32 and a nick 1 to 24 letters,
	/// digits, '-', '_' or '.', and a handshake with any other is refused
	/// with 400.
	///
	/// Every message is a JSON text. A client sends
	/// {"type":"message","text":"..."}; every member of the room, the sender
	/// included, gets {"type":"message","room":...,"from":...,"text":...,"ts":...}
	/// (ts in milliseconds since 1970), all in one order. A newcomer gets
	/// {"type":"welcome","room":...,"nick":...,"members":[nicks]}, and all get
	/// {"type":"join"|"leave","room":...,"nick":...,"members":count,"ts":...}.
	/// A message that is not of this form is answered with
	/// {"type":"error","error":...} and the session goes on; a client that
	/// sends more than the rate limit allows is closed with 1008.
{
public:
	static const std::string SUBPROTOCOL;

	ChatSession(RoomDirectory& rooms, const ChatSettings& settings, const std::string& room, const std::string& nick);
		/// nick may be empty: the session then makes one of its number.

	static SessionDecision decide(RoomDirectory& rooms, const ChatSettings& settings, const Poco::Net::HTTPRequest& request, const std::vector<std::string>& subprotocols);
		/// The route's factory: checks the subprotocol, the room and the nick.

	static bool isName(const std::string& name, std::size_t maxLength);
		/// Whether name is 1 to maxLength letters, digits, '-', '_' or '.'.

	void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) override;

private:
	void welcome(WebSocketConnection& connection, const Room& room);
	void handleMessage(const WebSocketMessage& message, WebSocketConnection& connection, Room& room);
	void publishNotice(Room& room, const std::string& type);
	static void sendError(WebSocketConnection& connection, const std::string& error);

	RoomDirectory& _rooms;
	const ChatSettings _settings;
	const std::string _roomName;
	std::string _nick;
	MessageRate _rate;
};


} // namespace pocows


#endif // Pocows_ChatSession_INCLUDED
