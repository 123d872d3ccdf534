//
// WebSocketSettings.h
//
// What the WebSocket side of the server can be told, as plain values.
//


#ifndef Pocows_WebSocketSettings_INCLUDED
#define Pocows_WebSocketSettings_INCLUDED


#include "rfc6455/DeflateSettings.h"
#include "rfc6455/OriginList.h"
#include "Poco/Timespan.h"
#include <cstddef>


namespace pocows {


struct WebSocketSettings
{
	Poco::Timespan receiveTimeout = Poco::Timespan(60, 0);
		///< idle time after which a session is closed with 1001; zero waits forever
	Poco::Timespan pingInterval = Poco::Timespan(30, 0);
		///< a session that receives nothing for this long is sent a ping; zero sends none
	Poco::Timespan sendTimeout = Poco::Timespan(10, 0);
		///< how long a send may block on a peer that does not read
	Poco::Timespan closeTimeout = Poco::Timespan(5, 0);
		///< how long to wait for the peer's reply once the server has sent a close frame
	std::size_t maxMessageSize = 16*1024*1024;
		///< largest message accepted, in bytes, after reassembly
	std::size_t outboundHardLimit = 1024*1024;
		///< bytes posted to a session and not yet written, past which it is closed with 1013; 0 sets no limit
	std::size_t outboundSoftLimit = 256*1024;
		///< queued bytes a session may hold for at most outboundSoftTime before it is closed with 1013; 0 sets no limit
	Poco::Timespan outboundSoftTime = Poco::Timespan(10, 0);
		///< how long a session may stay above outboundSoftLimit
	std::size_t sendBufferSize = 0;
		///< the kernel's send buffer of a session's socket, in bytes; 0 leaves it to the system's autotuning
	std::size_t maxSessions = 3584;
		///< sessions open at once; more are refused with 503
	std::size_t maxSessionsPerAddress = 128;
		///< sessions open at once from one client address; more are refused with 503; 0 sets no limit
	OriginList allowedOrigins;
		///< origins whose pages may open sessions; others are refused with 403
	DeflateSettings deflate;
		///< permessage-deflate: whether, and how, messages are compressed
};


} // namespace pocows


#endif // Pocows_WebSocketSettings_INCLUDED
