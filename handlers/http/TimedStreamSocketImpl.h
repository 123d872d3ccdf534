//
// TimedStreamSocketImpl.h
//
// The socket of an accepted connection: bounds the time to receive a request, and counts itself.
//


#ifndef Pocows_TimedStreamSocketImpl_INCLUDED
#define Pocows_TimedStreamSocketImpl_INCLUDED


#include "http/AddressCounter.h"
#include "http/ServerMetrics.h"
#include "Poco/Net/Socket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocketImpl.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <memory>


namespace pocows {


class TimedStreamSocketImpl: public Poco::Net::StreamSocketImpl
	/// POCO's HTTP server times out each read of a request, so a client that
	/// trickles its headers a byte at a time (slowloris) could hold a thread
	/// forever. This socket gives the whole request a deadline instead: from
	/// its first byte, the request must be complete within the request timeout.
	///
	/// It also counts itself as an open connection in the server's metrics for
	/// as long as it exists, which is exactly as long as a thread is needed
	/// for it; the capacity filter admits connections by that count.
{
public:
	TimedStreamSocketImpl(poco_socket_t sockfd, const Poco::Timespan& requestTimeout, ServerMetrics& metrics);

	~TimedStreamSocketImpl() override;

	using StreamSocketImpl::receiveBytes;
	int receiveBytes(void* buffer, int length, int flags = 0) override;

	bool poll(const Poco::Timespan& timeout, int mode) override;
		/// Between requests, POCO's HTTP server polls for the next one and then
		/// reads it. Here the wait is the read itself, into a small buffer that
		/// the next receiveBytes() returns first: one system call instead of
		/// two (and instead of the four of POCO 1.11's epoll-based poll).

	void setReceiveTimeout(const Poco::Timespan& timeout) override;

	Poco::Net::SocketAddress address() override;
	Poco::Net::SocketAddress peerAddress() override;
		/// Asked once, then remembered: POCO's HTTP server asks for both
		/// addresses with every request, a system call each.

	void requestReceived();
		/// The request's headers are in: no deadline while it is served.

	void awaitNextRequest();
		/// The response is done: the next request's clock starts at its first byte.

	void uncount();
		/// The connection was turned away: it no longer counts as open.

	bool holdAddressPlace(AddressCounter& addresses);
		/// Takes one of the peer address's places in addresses, held until
		/// this socket is destroyed (the session's too, once it is upgraded);
		/// false if the address has none left. addresses must outlive it.

	static TimedStreamSocketImpl* of(const Poco::Net::Socket& socket);
		/// The socket's TimedStreamSocketImpl, or nullptr if it has another kind.

private:
	bool readAhead(const Poco::Timespan& timeout);
	int receiveWithinTimeout(void* buffer, int length, int flags);
		/// A read that may wait as long as the receive timeout.
	bool pollDescriptor(const Poco::Timespan& timeout, int mode);

	enum Phase
	{
		AWAITING_REQUEST,
		READING_REQUEST,
		SERVING
	};

	const Poco::Timespan _requestTimeout;
	ServerMetrics& _metrics;
	Phase _phase;
	Poco::Timestamp _requestStart;
	bool _counted;
	Poco::Timespan _receiveTimeout;
	std::unique_ptr<char[]> _readAhead;
	int _readAheadStart;
	int _readAheadEnd;
	bool _peerClosed;
	Poco::Net::SocketAddress _address;
	Poco::Net::SocketAddress _peerAddress;
	bool _addressesKnown;
	bool _readingAhead;
	AddressCounter* _addressPlace;  // where the peer's place is held, if any
};


} // namespace pocows


#endif // Pocows_TimedStreamSocketImpl_INCLUDED
