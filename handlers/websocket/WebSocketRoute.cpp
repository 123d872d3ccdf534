//
// WebSocketRoute.cpp
//


#include "websocket/WebSocketRoute.h"
#include <algorithm>


namespace pocows {


WebSocketRoute::Factory WebSocketRoute::requiring(const std::string& subprotocol, SessionMaker makeSession)
{
	return [subprotocol, makeSession](const Poco::Net::HTTPRequest&, const std::vector<std::string>& offered)
	{
		// Subprotocol names compare exactly (RFC 6455 section 11.3.4).
		if (std::find(offered.begin(), offered.end(), subprotocol) == offered.end())
			return SessionDecision::refuse("This service requires the WebSocket subprotocol \"" + subprotocol + "\"; offer it in Sec-WebSocket-Protocol.");
		return SessionDecision::accept(makeSession(), subprotocol);
	};
}


} // namespace pocows
