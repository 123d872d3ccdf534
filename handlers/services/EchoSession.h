//
// EchoSession.h
//
// The echo service: every message goes back to its sender unchanged.
//


#ifndef Pocows_EchoSession_INCLUDED
#define Pocows_EchoSession_INCLUDED


#include "websocket/WebSocketSession.h"


namespace pocows {


class EchoSession: public WebSocketSession
	/// Sends every text and binary message back as one message of the same
	/// type and content, until the client closes.
{
public:
	static const std::string SUBPROTOCOL;

	void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) override;
};


} // namespace pocows


#endif // Pocows_EchoSession_INCLUDED
