//
// ServerSettings.h
//
// Everything pocows.ini configures, as typed values with their defaults.
//


#ifndef Pocows_ServerSettings_INCLUDED
#define Pocows_ServerSettings_INCLUDED


#include "files/StaticFileSettings.h"
#include "http/StatusSettings.h"
#include "services/ChatSettings.h"
#include "services/DashboardSettings.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Timespan.h"
#include "Poco/Types.h"
#include <string>


namespace pocows {


struct ServerSettings
{
	std::string address = "0.0.0.0";        ///< IP address to listen on
	Poco::UInt16 port = 8181;               ///< 0 picks a free port
	int maxThreads = 4096;                  ///< HTTP pool threads: one per open HTTP connection
	int maxQueued = 64;                     ///< accepted connections not yet picked up by a thread
	int maxConnectionsPerAddress = 256;     ///< connections open at once from one client address, HTTP and WebSocket; 0 sets no limit
	int threadStackSize = 256*1024;         ///< bytes per thread; 0 = the system's default
	Poco::Timespan requestTimeout = Poco::Timespan(30, 0);   ///< time to receive a whole HTTP request
	Poco::Timespan sendTimeout = Poco::Timespan(30, 0);      ///< time an HTTP response's send may block
	Poco::Timespan keepAliveTimeout = Poco::Timespan(10, 0); ///< idle HTTP connection lifetime
	Poco::Timespan shutdownTimeout = Poco::Timespan(5, 0);   ///< wait for sessions to close on stop
	StaticFileSettings files;
	StatusSettings status;
	WebSocketSettings webSocket;
	ChatSettings chat;
	DashboardSettings dashboard;
};


} // namespace pocows


#endif // Pocows_ServerSettings_INCLUDED
