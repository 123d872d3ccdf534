//
// ConnectionRegistry.h
//
// Every open WebSocket connection, so that a stopping server can close them.
//


#ifndef Pocows_ConnectionRegistry_INCLUDED
#define Pocows_ConnectionRegistry_INCLUDED


#include "Poco/Timespan.h"
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <set>


namespace pocows {


class WebSocketConnection;


class ConnectionRegistry
	/// Knows the open WebSocket connections. A connection is added once its
	/// handshake is done and removed when its thread is done with it; the lock
	/// is taken only then, never per message.
{
public:
	ConnectionRegistry();

	bool add(WebSocketConnection& connection);
		/// Returns false once shutdown() has begun: the server takes no new sessions.

	void remove(WebSocketConnection& connection);

	std::size_t size() const;

	void shutdown(const Poco::Timespan& timeout);
		/// Sends every connection close 1001 "server shutting down", waits up to
		/// timeout for them all to finish their close handshake, then cuts the rest.

private:
	mutable std::mutex _mutex;
	std::condition_variable _emptied;
	std::set<WebSocketConnection*> _connections;
	bool _shuttingDown;
};


} // namespace pocows


#endif // Pocows_ConnectionRegistry_INCLUDED
