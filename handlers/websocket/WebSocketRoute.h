//
// WebSocketRoute.h
//
// A path on which the server offers one WebSocket service.
//


#ifndef Pocows_WebSocketRoute_INCLUDED
#define Pocows_WebSocketRoute_INCLUDED


#include "websocket/SessionDecision.h"
#include "Poco/Net/HTTPServerRequest.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>


namespace pocows {


struct WebSocketRoute
	/// As in Perfect's handler producer, the factory sees the handshake
	/// request and the subprotocols the client offered, in its order of
	/// preference, and decides: a session and the subprotocol it speaks, or
	/// a refusal. It runs on the HTTP thread that answers the handshake, once
	/// the handshake itself is valid; an accepted session may still be
	/// dropped unrun when the server has no session place left (503), so a
	/// session starts its work in run(), not in its constructor.
{
	using Factory = std::function<SessionDecision(const Poco::Net::HTTPServerRequest& request, const std::vector<std::string>& subprotocols)>;
	using SessionMaker = std::function<std::unique_ptr<WebSocketSession>()>;

	std::string path;  ///< exact request path, e.g. "/echo"
	Factory factory;

	static Factory requiring(const std::string& subprotocol, SessionMaker makeSession);
		/// The factory of a service that speaks one subprotocol and needs the
		/// client to offer it; other handshakes are refused with a reason
		/// that names it.
};


} // namespace pocows


#endif // Pocows_WebSocketRoute_INCLUDED
