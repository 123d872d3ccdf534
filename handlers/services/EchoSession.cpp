//
// EchoSession.cpp
//


#include "services/EchoSession.h"


namespace pocows {


const std::string EchoSession::SUBPROTOCOL("echo");


void EchoSession::run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection)
{
	WebSocketMessage message;
	while (connection.receiveMessage(message))
	{
		connection.sendMessage(message);
	}
}


} // namespace pocows
