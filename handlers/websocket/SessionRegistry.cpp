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
	_connection(nullptr),
	_refusal(Refusal::FULL)
{
}


SessionRegistry::Slot::Slot(SessionRegistry* registry, const Poco::Net::IPAddress& address):
	_registry(registry),
	_connection(nullptr),
	_address(address),
	_refusal(Refusal::NONE)
{
}


SessionRegistry::Slot::Slot(Refusal refusal):
	_registry(nullptr),
	_connection(nullptr),
	_refusal(refusal)
{
}


SessionRegistry::Slot::Slot(Slot&& other) noexcept:
	_registry(std::exchange(other._registry, nullptr)),
	_connection(std::exchange(other._connection, nullptr)),
	_address(other._address),
	_refusal(std::exchange(other._refusal, Refusal::FULL))
{
}


SessionRegistry::Slot& SessionRegistry::Slot::operator=(Slot&& other) noexcept
{
	if (this != &other)
	{
		release();
		_registry = std::exchange(other._registry, nullptr);
		_connection = std::exchange(other._connection, nullptr);
		_address = other._address;
		_refusal = std::exchange(other._refusal, Refusal::FULL);
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


SessionRegistry::Refusal SessionRegistry::Slot::refusal() const
{
	return _refusal;
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
	_registry->remove(_connection, _address);
	_registry = nullptr;
	_connection = nullptr;
	_refusal = Refusal::FULL;
}


SessionRegistry::SessionRegistry(std::size_t maxSessions, std::size_t maxPerAddress):
	_maxSessions(maxSessions),
	_perAddress(maxPerAddress),
	_reserved(0),
	_shuttingDown(false)
{
}


SessionRegistry::Slot SessionRegistry::reserve(const Poco::Net::IPAddress& address)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_shuttingDown || _reserved >= _maxSessions) return Slot(Refusal::FULL);
	if (!_perAddress.acquire(address)) return Slot(Refusal::ADDRESS_FULL);
	++_reserved;
	return Slot(this, address);
}


void SessionRegistry::add(WebSocketConnection& connection)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_connections.insert(&connection);
	// A session that opened while shutdown() was already waiting is told at once.
	if (_shuttingDown) connection.shutdown();
}


void SessionRegistry::remove(WebSocketConnection* connection, const Poco::Net::IPAddress& address)
	/// Gives a place back, and takes its connection, if any, out of the registry.
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (connection) _connections.erase(connection);
	_perAddress.release(address);
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
