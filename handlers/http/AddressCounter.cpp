//
// AddressCounter.cpp
//


#include "http/AddressCounter.h"


namespace pocows {


AddressCounter::AddressCounter(std::size_t limit):
	_limit(limit)
{
}


bool AddressCounter::acquire(const Poco::Net::IPAddress& address)
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::size_t& count = _counts[address];
	if (_limit > 0 && count >= _limit) return false;
	++count;
	return true;
}


void AddressCounter::release(const Poco::Net::IPAddress& address)
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto entry = _counts.find(address);
	if (entry == _counts.end()) return;
	if (--entry->second == 0) _counts.erase(entry);
}


std::size_t AddressCounter::count(const Poco::Net::IPAddress& address) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto entry = _counts.find(address);
	return entry == _counts.end() ? 0 : entry->second;
}


} // namespace pocows
