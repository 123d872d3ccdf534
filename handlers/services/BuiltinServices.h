//
// BuiltinServices.h
//
// The WebSocket services pocows ships with, on their routes.
//


#ifndef Pocows_BuiltinServices_INCLUDED
#define Pocows_BuiltinServices_INCLUDED


#include "websocket/WebSocketService.h"


namespace pocows {


class BuiltinServices
	/// Where a service gets its route: adding a service touches only this
	/// wing, its class and one line here.
{
public:
	static void addTo(WebSocketService& service);
		/// The echo service on /echo, with the subprotocol "echo".
};


} // namespace pocows


#endif // Pocows_BuiltinServices_INCLUDED
