//
// ConnectionRegistry.cpp
//


#include "websocket/ConnectionRegistry.h"
#include "websocket/WebSocketConnection.h"
#include <chrono>


namespace pocows {


ConnectionRegistry::ConnectionRegistry(std::size_t maxSessions):
	_maxSessions(maxSessions),
	_reserved(0),
	_shuttingDown(false)
{
}


bool ConnectionRegistry::reserve()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_shuttingDown || _reserved >= _maxSessions) return false;
	++_reserved;
	return true;
}


void ConnectionRegistry::release()
{
	std::lock_guard<std::mutex> lock(_mutex);
	--_reserved;
	if (_reserved == 0) _emptied.notify_all();
}


void ConnectionRegistry::add(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_connections.insert(&connection);
	// A session that opened while shutdown() was already waiting is told at once.
	if (_shuttingDown) connection.shutdown();
}


void ConnectionRegistry::remove(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_connections.erase(&connection);
}


std::size_t ConnectionRegistry::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _reserved;
}


void ConnectionRegistry::shutdown(const Poco::Timespan& timeout)
{
	std::unique_lock<std::mutex> lock(_mutex);
	_shuttingDown = true;
	// A connection stays registered, and so alive, while its thread waits
	// for this lock in remove(); calling into it here is therefore safe.
	for (WebSocketConnection* connection: _connections) connection->shutdown();
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
	_emptied.wait_until(lock, deadline, [this] { return _reserved == 0; });
	for (WebSocketConnection* connection: _connections) connection->abort();
}


} // namespace pocows
