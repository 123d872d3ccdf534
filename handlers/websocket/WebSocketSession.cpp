//
// WebSocketSession.cpp
//


#include "websocket/WebSocketSession.h"


namespace pocows {


WebSocketSession::~WebSocketSession()
{
}


} // namespace pocows
