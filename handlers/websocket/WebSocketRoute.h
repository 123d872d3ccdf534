//
// WebSocketRoute.h
//
// A path on which the server offers one WebSocket service.
//


#ifndef Pocows_WebSocketRoute_INCLUDED
#define Pocows_WebSocketRoute_INCLUDED


#include "websocket/WebSocketSession.h"
#include <functional>
#include <memory>
#include <string>


namespace pocows {


struct WebSocketRoute
{
	using SessionFactory = std::function<std::unique_ptr<WebSocketSession>()>;

	std::string path;         ///< exact request path, e.g. "/echo"
	std::string subprotocol;  ///< the client must offer it, e.g. "echo"
	SessionFactory factory;   ///< makes the session for each accepted connection
};


} // namespace pocows


#endif // Pocows_WebSocketRoute_INCLUDED
