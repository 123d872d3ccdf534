//
// WebSocketService.h
//
// What every WebSocket session of the server shares: settings, routes, the session registry and pool.
//


#ifndef Pocows_WebSocketService_INCLUDED
#define Pocows_WebSocketService_INCLUDED


#include "http/ServerMetrics.h"
#include "websocket/MessageCompressor.h"
#include "websocket/OutboxFlusher.h"
#include "websocket/RoomDirectory.h"
#include "websocket/SessionRegistry.h"
#include "websocket/WebSocketRoute.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Logger.h"
#include "Poco/ThreadPool.h"
#include "Poco/Timespan.h"
#include <map>
#include <string>


namespace pocows {


class WebSocketService
	/// The WebSocket side of the server: its settings, the routes with their
	/// services, the registry of open sessions, the pool whose threads run
	/// them (a thread for every session place, and a few to spare), the
	/// metrics and the log. Handlers and runners refer to it; it must outlive
	/// every session. Routes are added before the server starts.
{
public:
	WebSocketService(const WebSocketSettings& settings, int threadStackSize, ServerMetrics& metrics);
		/// threadStackSize is in bytes; 0 takes the system's default.

	void addRoute(const std::string& path, WebSocketRoute::Factory factory);
		/// Offers a WebSocket service at path, which the factory decides on
		/// for every valid handshake there.

	void addRoute(const std::string& path, const std::string& subprotocol, WebSocketRoute::SessionMaker makeSession);
		/// Offers a service that requires one subprotocol (WebSocketRoute::requiring()).

	const WebSocketRoute* findRoute(const std::string& path) const;
		/// The route of a request path, or nullptr.

	const WebSocketSettings& settings() const;

	SessionRegistry& sessions();

	Poco::ThreadPool& sessionThreads();

	ServerMetrics& metrics();

	RoomDirectory& rooms();
		/// The server's rooms by name, for services that let sessions meet.

	MessageCompressor& compressor();
		/// Compresses for the sessions that negotiated permessage-deflate.

	OutboxFlusher& flusher();
		/// Writes what others post to the sessions once their sockets drain.

	Poco::Logger& logger();

	std::size_t openSessions() const;
		/// Places taken: sessions open, and handshakes about to open one.

	void shutdown(const Poco::Timespan& timeout);
		/// Closes every session with 1001, waits up to timeout for their close
		/// handshakes, cuts the rest; new upgrades get 503 from now on.

	void joinThreads();
		/// Waits for the session threads to finish, after shutdown().

private:
	WebSocketService(const WebSocketService&) = delete;
	WebSocketService& operator=(const WebSocketService&) = delete;

	const WebSocketSettings _settings;
	ServerMetrics& _metrics;
	Poco::Logger& _logger;  // looked up once: Logger::get() takes a global lock
	MessageCompressor _compressor;  // declared before the sessions, so that these outlive them
	OutboxFlusher _flusher;
	RoomDirectory _rooms;
	SessionRegistry _sessions;
	Poco::ThreadPool _sessionThreads;
	std::map<std::string, WebSocketRoute> _routes;
};


//
// inlines
//
inline const WebSocketSettings& WebSocketService::settings() const
{
	return _settings;
}


inline SessionRegistry& WebSocketService::sessions()
{
	return _sessions;
}


inline Poco::ThreadPool& WebSocketService::sessionThreads()
{
	return _sessionThreads;
}


inline ServerMetrics& WebSocketService::metrics()
{
	return _metrics;
}


inline RoomDirectory& WebSocketService::rooms()
{
	return _rooms;
}


inline MessageCompressor& WebSocketService::compressor()
{
	return _compressor;
}


inline OutboxFlusher& WebSocketService::flusher()
{
	return _flusher;
}


inline Poco::Logger& WebSocketService::logger()
{
	return _logger;
}


} // namespace pocows


#endif // Pocows_WebSocketService_INCLUDED
