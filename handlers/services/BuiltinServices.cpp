//
// BuiltinServices.cpp
//


#include "services/BuiltinServices.h"
#include "services/EchoSession.h"
#include <memory>


namespace pocows {


void BuiltinServices::addTo(WebSocketService& service)
{
	service.addRoute("/echo", EchoSession::SUBPROTOCOL, [] { return std::make_unique<EchoSession>(); });
}


} // namespace pocows
