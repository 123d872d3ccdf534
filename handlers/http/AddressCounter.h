//
// AddressCounter.h
//
// What each client address holds open, against a limit per address.
//


#ifndef Pocows_AddressCounter_INCLUDED
#define Pocows_AddressCounter_INCLUDED


#include "Poco/Net/IPAddress.h"
#include <cstddef>
#include <map>
#include <mutex>


namespace pocows {


class AddressCounter
	/// Counts places (connections, sessions) by client address, so that no
	/// one address can take all of them. The lock is taken when a place is
	/// taken or given back, never per message. Thread-safe.
{
public:
	explicit AddressCounter(std::size_t limit);
		/// At most limit places per address; 0 sets no limit.

	bool acquire(const Poco::Net::IPAddress& address);
		/// Takes a place for address; false, taking nothing, if it holds
		/// limit places already.

	void release(const Poco::Net::IPAddress& address);
		/// Gives back a place that acquire() took.

	std::size_t count(const Poco::Net::IPAddress& address) const;

	std::size_t limit() const;

private:
	AddressCounter(const AddressCounter&) = delete;
	AddressCounter& operator=(const AddressCounter&) = delete;

	const std::size_t _limit;
	mutable std::mutex _mutex;
	std::map<Poco::Net::IPAddress, std::size_t> _counts;  // only addresses that hold a place
};


inline std::size_t AddressCounter::limit() const
{
	return _limit;
}


} // namespace pocows


#endif // Pocows_AddressCounter_INCLUDED
