//
// ConnectionRegistry.h
//
// Every open WebSocket session: a cap on their number, and closing them all on stop.
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
	/// Knows the open WebSocket sessions. A handler reserves a place before it
	/// answers a handshake, so that it can still answer 503 when the sessions
	/// are at their limit; the connection is added once it exists and removed
	/// when its thread is done with it. The lock is taken only then, never per
	/// message.
{
public:
	explicit ConnectionRegistry(std::size_t maxSessions);

	bool reserve();
		/// Takes a place for a session about to open. Returns false when all
		/// maxSessions places are taken or shutdown() has begun.

	void release();
		/// Gives a place back: the handshake failed, or the session is over.

	void add(WebSocketConnection& connection);
		/// Registers a connection that holds a reserved place.

	void remove(WebSocketConnection& connection);

	std::size_t size() const;
		/// The places taken.

	void shutdown(const Poco::Timespan& timeout);
		/// Sends every connection close 1001 "server shutting down", waits up to
		/// timeout for them all to finish their close handshake, then cuts the rest.

private:
	const std::size_t _maxSessions;
	mutable std::mutex _mutex;
	std::condition_variable _emptied;
	std::set<WebSocketConnection*> _connections;
	std::size_t _reserved;
	bool _shuttingDown;
};


} // namespace pocows


#endif // Pocows_ConnectionRegistry_INCLUDED
