//
// WebSocketSession.cpp
//


#include "WebSocketSession.h"


namespace pocows {


WebSocketSession::~WebSocketSession()
{
}


} // namespace pocows
