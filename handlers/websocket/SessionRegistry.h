//
// SessionRegistry.h
//
// Every open WebSocket session: a cap on their number, and closing them all on stop.
//


#ifndef Pocows_SessionRegistry_INCLUDED
#define Pocows_SessionRegistry_INCLUDED


#include "http/AddressCounter.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Timespan.h"
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <set>


namespace pocows {


class WebSocketConnection;


class SessionRegistry
	/// Knows the open WebSocket sessions. A handler reserves a Slot before it
	/// answers a handshake, so that it can still answer 503 when the sessions
	/// are at their limit; the slot goes with the session to its thread, the
	/// connection is attached to it once it exists, and the place is given
	/// back when the slot is destroyed. The lock is taken only then, never
	/// per message.
{
public:
	enum class Refusal
	{
		NONE,          ///< the slot holds a place
		FULL,          ///< maxSessions are open, or the registry is shutting down
		ADDRESS_FULL   ///< the client's address holds maxPerAddress places
	};

	class Slot
		/// One reserved place: movable, not copyable, given back by its
		/// destructor. While a connection is attached, shutdown() may call
		/// into it from another thread; a slot declared after its connection
		/// is destroyed before it, so the connection leaves the registry while
		/// it still exists.
	{
	public:
		Slot();
			/// No place.

		Refusal refusal() const;
			/// Why an empty slot holds no place.

		Slot(Slot&& other) noexcept;
		Slot& operator=(Slot&& other) noexcept;
		~Slot();

		explicit operator bool() const;
			/// True if this slot holds a place.

		void attach(WebSocketConnection& connection);
			/// Registers the connection of the session that holds the place.

	private:
		friend class SessionRegistry;
		Slot(SessionRegistry* registry, const Poco::Net::IPAddress& address);
		explicit Slot(Refusal refusal);
		Slot(const Slot&) = delete;
		Slot& operator=(const Slot&) = delete;
		void release();

		SessionRegistry* _registry;
		WebSocketConnection* _connection;
		Poco::Net::IPAddress _address;
		Refusal _refusal;
	};

	explicit SessionRegistry(std::size_t maxSessions, std::size_t maxPerAddress = 0);
		/// maxPerAddress 0 sets no limit per client address.

	Slot reserve(const Poco::Net::IPAddress& address = Poco::Net::IPAddress());
		/// Takes a place for a session about to open from address: an empty
		/// slot when all maxSessions places are taken, when address holds
		/// maxPerAddress of them, or when shutdown() has begun.

	std::size_t size() const;
		/// The places taken.

	void shutdown(const Poco::Timespan& timeout);
		/// Sends every connection close 1001 "server shutting down", waits up to
		/// timeout for them all to give their places back, then cuts the rest.

private:
	SessionRegistry(const SessionRegistry&) = delete;
	SessionRegistry& operator=(const SessionRegistry&) = delete;

	void add(WebSocketConnection& connection);
	void remove(WebSocketConnection* connection, const Poco::Net::IPAddress& address);

	const std::size_t _maxSessions;
	AddressCounter _perAddress;
	mutable std::mutex _mutex;
	std::condition_variable _emptied;
	std::set<WebSocketConnection*> _connections;
	std::size_t _reserved;
	bool _shuttingDown;
};


} // namespace pocows


#endif // Pocows_SessionRegistry_INCLUDED
