//
// WebSocketMessage.h
//
// One complete WebSocket message, as a session handler sees it.
//


#ifndef Pocows_WebSocketMessage_INCLUDED
#define Pocows_WebSocketMessage_INCLUDED


#include "rfc6455/FrameCodec.h"
#include <string>


namespace pocows {


struct WebSocketMessage
{
	Opcode type = Opcode::TEXT;  ///< TEXT (valid UTF-8) or BINARY
	std::string payload;

	bool isText() const
	{
		return type == Opcode::TEXT;
	}
};


} // namespace pocows


#endif // Pocows_WebSocketMessage_INCLUDED
