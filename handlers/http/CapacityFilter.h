//
// CapacityFilter.h
//
// Admits a connection only when a thread is free for it.
//


#ifndef Pocows_CapacityFilter_INCLUDED
#define Pocows_CapacityFilter_INCLUDED


#include "http/AddressCounter.h"
#include "http/ServerMetrics.h"
#include "http/ServiceUnavailableResponder.h"
#include "Poco/Logger.h"
#include "Poco/Net/TCPServer.h"
#include "Poco/Timestamp.h"
#include <atomic>


namespace pocows {


class CapacityFilter: public Poco::Net::TCPServerConnectionFilter
	/// POCO's server queues a connection when every thread is busy, where it
	/// may wait for ever (a keep-alive connection can hold its thread for a
	/// long time), and drops it without a word once the queue is full. This
	/// filter, run on the accepting thread, admits a connection only while
	/// the open HTTP connections (those counted by their sockets, less the
	/// WebSocket sessions, which have threads of their own) fit in the thread
	/// pool, and while
	/// fewer than maxQueued admitted connections still wait for their thread to
	/// pick them up; any other gets an immediate 503 from the
	/// ServiceUnavailableResponder, and is counted. So is one whose address
	/// already has maxPerAddress connections open (HTTP or WebSocket), so
	/// that no one address can take every thread.
{
public:
	CapacityFilter(int maxConnections, int maxQueued, const Poco::Net::TCPServer& server, ServerMetrics& metrics, ServiceUnavailableResponder& responder, std::size_t maxPerAddress = 0);
		/// server tells how many connections wait in its queue. maxPerAddress
		/// 0 sets no limit per address.

	bool accept(const Poco::Net::StreamSocket& socket) override;

	void refuseAll();
		/// From now on every connection gets 503: the server is stopping.

private:
	bool admits(const Poco::Net::StreamSocket& socket);
	void refuse(const Poco::Net::StreamSocket& socket);
	void logRejections();

	const std::int64_t _maxConnections;
	const int _maxQueued;
	const Poco::Net::TCPServer& _server;
	ServerMetrics& _metrics;
	ServiceUnavailableResponder& _responder;
	AddressCounter _addresses;  // outlives the sockets that hold places in it: the server holds this filter
	std::atomic<bool> _refuseAll;
	Poco::Logger& _logger;
	Poco::Timestamp _lastLog;
	unsigned _unlogged;
	unsigned _unloggedForAddress;
};


} // namespace pocows


#endif // Pocows_CapacityFilter_INCLUDED
