//
// ChatSession.cpp
//


#include "services/ChatSession.h"
#include "Poco/Dynamic/Var.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/NameValueCollection.h"
#include "Poco/Timestamp.h"
#include "Poco/URI.h"
#include <algorithm>
#include <cctype>
#include <sstream>


namespace pocows {


namespace
{
	const std::size_t MAX_ROOM_LENGTH = 32;
	const std::size_t MAX_NICK_LENGTH = 24;

	Poco::JSON::Object::Ptr event(const std::string& type)
	{
		// Keys in the order written, so that the JSON reads as documented.
		Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
		object->set("type", type);
		return object;
	}

	std::string toText(const Poco::JSON::Object::Ptr& object)
	{
		std::ostringstream out;
		object->stringify(out);
		return out.str();
	}

	Poco::Int64 millisecondsSinceEpoch()
	{
		return Poco::Timestamp().epochMicroseconds()/1000;
	}

	std::string queryParameter(const Poco::Net::HTTPRequest& request, const std::string& name, bool& present)
	{
		const Poco::URI uri(request.getURI());
		for (const auto& parameter: uri.getQueryParameters())
		{
			if (parameter.first == name)
			{
				present = true;
				return parameter.second;
			}
		}
		present = false;
		return std::string();
	}
}


const std::string ChatSession::SUBPROTOCOL("chat");


ChatSession::ChatSession(RoomDirectory& rooms, const ChatSettings& settings, const std::string& room, const std::string& nick):
	_rooms(rooms),
	_settings(settings),
	_roomName(room),
	_nick(nick),
	_rate(settings.messagesPerSecond, 2.0*settings.messagesPerSecond)
{
}


bool ChatSession::isName(const std::string& name, std::size_t maxLength)
{
	if (name.empty() || name.size() > maxLength) return false;
	for (const char c: name)
	{
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
	}
	return true;
}


SessionDecision ChatSession::decide(RoomDirectory& rooms, const ChatSettings& settings, const Poco::Net::HTTPRequest& request, const std::vector<std::string>& subprotocols)
{
	if (std::find(subprotocols.begin(), subprotocols.end(), SUBPROTOCOL) == subprotocols.end())
		return SessionDecision::refuse("this service needs the WebSocket subprotocol \"" + SUBPROTOCOL + "\"");
	bool present = false;
	std::string room;
	std::string nick;
	try
	{
		room = queryParameter(request, "room", present);
		if (!present) room = settings.defaultRoom;
		if (!isName(room, MAX_ROOM_LENGTH))
			return SessionDecision::refuse("room must be 1 to 32 letters, digits, '-', '_' or '.'");
		nick = queryParameter(request, "nick", present);
		if (present && !isName(nick, MAX_NICK_LENGTH))
			return SessionDecision::refuse("nick must be 1 to 24 letters, digits, '-', '_' or '.'");
	}
	catch (Poco::SyntaxException&)
	{
		return SessionDecision::refuse("the query is not well-formed");
	}
	return SessionDecision::accept(std::make_unique<ChatSession>(rooms, settings, room, nick), SUBPROTOCOL);
}


void ChatSession::run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection)
{
	const SessionHandle& self = connection.handle();
	if (_nick.empty()) _nick = "guest-" + std::to_string(self.id());
	// Before joining: whoever lists the room must find a nick.
	self.setUserData(_nick);
	const std::shared_ptr<Room> room = _rooms.room(_roomName);
	RoomMembership membership = room->join(self);
	welcome(connection, *room);
	publishNotice(*room, "join");
	WebSocketMessage message;
	while (connection.receiveMessage(message))
	{
		if (!_rate.allow())
		{
			connection.close(CloseCode::POLICY_VIOLATION, "rate limit exceeded");
			break;
		}
		handleMessage(message, connection, *room);
	}
	membership.leave();
	publishNotice(*room, "leave");
}


void ChatSession::welcome(WebSocketConnection& connection, const Room& room)
{
	Poco::JSON::Array::Ptr nicks = new Poco::JSON::Array;
	const std::shared_ptr<const Room::Members> members = room.members();
	for (const SessionHandle& member: *members)
	{
		try
		{
			nicks->add(member.userData<std::string>());
		}
		catch (Poco::BadCastException&)
		{
			// A member of another service in a room of the same name has no nick.
		}
	}
	Poco::JSON::Object::Ptr welcome = event("welcome");
	welcome->set("room", _roomName);
	welcome->set("nick", _nick);
	welcome->set("members", nicks);
	connection.sendText(toText(welcome));
}


void ChatSession::handleMessage(const WebSocketMessage& message, WebSocketConnection& connection, Room& room)
{
	if (message.type != Opcode::TEXT) return sendError(connection, "messages are JSON text");
	std::string text;
	try
	{
		Poco::JSON::Parser parser;
		const Poco::JSON::Object::Ptr object = parser.parse(message.payload).extract<Poco::JSON::Object::Ptr>();
		if (object->optValue<std::string>("type", std::string()) != "message")
			return sendError(connection, "expected {\"type\":\"message\",\"text\":\"...\"}");
		const Poco::Dynamic::Var value = object->get("text");
		if (!value.isString()) return sendError(connection, "text must be a string");
		text = value.extract<std::string>();
	}
	catch (Poco::Exception&)
	{
		return sendError(connection, "not a JSON object");
	}
	if (text.empty()) return sendError(connection, "text is empty");
	if (text.size() > _settings.maxTextLength)
		return sendError(connection, "text is longer than " + std::to_string(_settings.maxTextLength) + " bytes");
	Poco::JSON::Object::Ptr out = event("message");
	out->set("room", _roomName);
	out->set("from", _nick);
	out->set("text", text);
	out->set("ts", millisecondsSinceEpoch());
	room.publishText(toText(out));
}


void ChatSession::publishNotice(Room& room, const std::string& type)
{
	Poco::JSON::Object::Ptr notice = event(type);
	notice->set("room", _roomName);
	notice->set("nick", _nick);
	notice->set("members", static_cast<Poco::UInt64>(room.size()));
	notice->set("ts", millisecondsSinceEpoch());
	room.publishText(toText(notice));
}


void ChatSession::sendError(WebSocketConnection& connection, const std::string& error)
{
	Poco::JSON::Object::Ptr reply = event("error");
	reply->set("error", error);
	connection.sendText(toText(reply));
}


} // namespace pocows
