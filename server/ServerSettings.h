//
// ServerSettings.h
//
// Everything pocows.ini configures, as typed values with their defaults.
//


#ifndef Pocows_ServerSettings_INCLUDED
#define Pocows_ServerSettings_INCLUDED


#include "StaticFileSettings.h"
#include "WebSocketSettings.h"
#include "Poco/Timespan.h"
#include "Poco/Types.h"
#include <string>


namespace pocows {


struct ServerSettings
{
	std::string address = "0.0.0.0";        ///< IP address to listen on
	Poco::UInt16 port = 8181;               ///< 0 picks a free port
	int maxThreads = 1024;                  ///< pooled threads: one per connection
	int maxQueued = 64;                     ///< accepted connections waiting for a thread
	int threadStackSize = 256*1024;         ///< bytes per thread; 0 = the system's default
	Poco::Timespan requestTimeout = Poco::Timespan(30, 0);   ///< wait for each read of an HTTP request
	Poco::Timespan keepAliveTimeout = Poco::Timespan(10, 0); ///< idle HTTP connection lifetime
	Poco::Timespan shutdownTimeout = Poco::Timespan(5, 0);   ///< wait for sessions to close on stop
	StaticFileSettings files;
	WebSocketSettings webSocket;
};


} // namespace pocows


#endif // Pocows_ServerSettings_INCLUDED
