//
// ConnectionRegistry.cpp
//


#include "ConnectionRegistry.h"
#include "WebSocketConnection.h"
#include <chrono>


namespace pocows {


ConnectionRegistry::ConnectionRegistry():
	_shuttingDown(false)
{
}


bool ConnectionRegistry::add(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_shuttingDown) return false;
	_connections.insert(&connection);
	return true;
}


void ConnectionRegistry::remove(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_connections.erase(&connection);
	if (_connections.empty()) _emptied.notify_all();
}


std::size_t ConnectionRegistry::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _connections.size();
}


void ConnectionRegistry::shutdown(const Poco::Timespan& timeout)
{
	std::unique_lock<std::mutex> lock(_mutex);
	_shuttingDown = true;
	// A connection stays registered, and so alive, while its thread waits
	// for this lock in remove(); calling into it here is therefore safe.
	for (WebSocketConnection* connection: _connections) connection->shutdown();
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
	_emptied.wait_until(lock, deadline, [this] { return _connections.empty(); });
	for (WebSocketConnection* connection: _connections) connection->abort();
}


} // namespace pocows
