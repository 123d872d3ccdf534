//
// SessionRegistry.cpp
//


#include "websocket/SessionRegistry.h"
#include "websocket/WebSocketConnection.h"
#include "Poco/Bugcheck.h"
#include <chrono>
#include <utility>


namespace pocows {


SessionRegistry::Slot::Slot():
	_registry(nullptr),
	_connection(nullptr)
{
}


SessionRegistry::Slot::Slot(SessionRegistry* registry):
	_registry(registry),
	_connection(nullptr)
{
}


SessionRegistry::Slot::Slot(Slot&& other) noexcept:
	_registry(std::exchange(other._registry, nullptr)),
	_connection(std::exchange(other._connection, nullptr))
{
}


SessionRegistry::Slot& SessionRegistry::Slot::operator=(Slot&& other) noexcept
{
	if (this != &other)
	{
		release();
		_registry = std::exchange(other._registry, nullptr);
		_connection = std::exchange(other._connection, nullptr);
	}
	return *this;
}


SessionRegistry::Slot::~Slot()
{
	release();
}


SessionRegistry::Slot::operator bool() const
{
	return _registry != nullptr;
}


void SessionRegistry::Slot::attach(WebSocketConnection& connection)
{
	poco_assert (_registry && !_connection);
	_registry->add(connection);
	_connection = &connection;
}


void SessionRegistry::Slot::release()
{
	if (!_registry) return;
	_registry->remove(_connection);
	_registry = nullptr;
	_connection = nullptr;
}


SessionRegistry::SessionRegistry(std::size_t maxSessions):
	_maxSessions(maxSessions),
	_reserved(0),
	_shuttingDown(false)
{
}


SessionRegistry::Slot SessionRegistry::reserve()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_shuttingDown || _reserved >= _maxSessions) return Slot();
	++_reserved;
	return Slot(this);
}


void SessionRegistry::add(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_connections.insert(&connection);
	// A session that opened while shutdown() was already waiting is told at once.
	if (_shuttingDown) connection.shutdown();
}


void SessionRegistry::remove(WebSocketConnection* connection)
	/// Gives a place back, and takes its connection, if any, out of the registry.
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (connection) _connections.erase(connection);
	--_reserved;
	if (_reserved == 0) _emptied.notify_all();
}


std::size_t SessionRegistry::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _reserved;
}


void SessionRegistry::shutdown(const Poco::Timespan& timeout)
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
