//
// TimedStreamSocketImpl.cpp
//


#include "http/TimedStreamSocketImpl.h"
#include "http/SocketFlags.h"
#include "Poco/Exception.h"
#include <algorithm>
#include <cstring>
#include "Poco/Net/NetException.h"
#if defined(POCO_OS_FAMILY_UNIX)
#include <cerrno>
#include <poll.h>
#endif


namespace pocows {


namespace
{
	const int READ_AHEAD_SIZE = 4096;
}


TimedStreamSocketImpl::TimedStreamSocketImpl(poco_socket_t sockfd, const Poco::Timespan& requestTimeout, ServerMetrics& metrics):
	StreamSocketImpl(sockfd),
	_requestTimeout(requestTimeout),
	_metrics(metrics),
	_phase(AWAITING_REQUEST),
	_counted(true),
	_receiveTimeout(-1),
	_readAheadStart(0),
	_readAheadEnd(0),
	_peerClosed(false),
	_addressesKnown(false),
	_readingAhead(false),
	_addressPlace(nullptr)
{
	_metrics.connectionOpened();
}


TimedStreamSocketImpl::~TimedStreamSocketImpl()
{
	if (_addressPlace) _addressPlace->release(_peerAddress.host());
	uncount();
}


int TimedStreamSocketImpl::receiveBytes(void* buffer, int length, int flags)
{
	if (_readAheadEnd > _readAheadStart)
	{
		const int n = std::min(length, _readAheadEnd - _readAheadStart);
		std::memcpy(buffer, _readAhead.get() + _readAheadStart, static_cast<std::size_t>(n));
		_readAheadStart += n;
		if (_phase == AWAITING_REQUEST)
		{
			_phase = READING_REQUEST;
			_requestStart.update();
		}
		return n;
	}
	if (_peerClosed) return 0;
	if (_phase == SERVING) return receiveWithinTimeout(buffer, length, flags);
	if (_phase == AWAITING_REQUEST)
	{
		_phase = READING_REQUEST;
		_requestStart.update();
	}
	// Mostly the request is there already (the server polled for it): take it
	// without waiting, and wait (within the deadline) only if it is not.
	if (SocketFlags::HAS_DONT_WAIT)
	{
		try
		{
			return StreamSocketImpl::receiveBytes(buffer, length, flags | SocketFlags::DONT_WAIT);
		}
		catch (Poco::TimeoutException&)
		{
		}
	}
	const Poco::Timespan remaining = _requestTimeout - Poco::Timespan(_requestStart.elapsed());
	if (remaining <= Poco::Timespan(0) || !poll(remaining, SELECT_READ))
		throw Poco::TimeoutException("request not received within the request timeout");
	return StreamSocketImpl::receiveBytes(buffer, length, flags);
}


bool TimedStreamSocketImpl::poll(const Poco::Timespan& timeout, int mode)
{
	if (_readAheadEnd > _readAheadStart || _peerClosed) return true;
	// POCO's own read polls first where it takes socket timeouts for broken
	// (Windows 7 and older, and Wine, which says it is Windows 7): that poll,
	// made while reading ahead, must wait, not read ahead once more.
	if (mode == SELECT_READ && _phase == AWAITING_REQUEST && timeout > Poco::Timespan(0) && !_readingAhead) return readAhead(timeout);
	return pollDescriptor(timeout, mode);
}


void TimedStreamSocketImpl::setReceiveTimeout(const Poco::Timespan& timeout)
{
	StreamSocketImpl::setReceiveTimeout(timeout);
	_receiveTimeout = timeout;
}


bool TimedStreamSocketImpl::readAhead(const Poco::Timespan& timeout)
{
	if (!_readAhead) _readAhead.reset(new char[READ_AHEAD_SIZE]);
	if (timeout != _receiveTimeout) setReceiveTimeout(timeout);
	int n = 0;
	_readingAhead = true;
	try
	{
		n = receiveWithinTimeout(_readAhead.get(), READ_AHEAD_SIZE, 0);
	}
	catch (Poco::TimeoutException&)
	{
		_readingAhead = false;
		return false;
	}
	catch (...)
	{
		_readingAhead = false;
		throw;
	}
	_readingAhead = false;
	_readAheadStart = 0;
	_readAheadEnd = std::max(n, 0);
	// The end of the stream is readable too: the next read returns it.
	_peerClosed = n <= 0;
	return true;
}


int TimedStreamSocketImpl::receiveWithinTimeout(void* buffer, int length, int flags)
{
#if defined(_WIN32)
	// Winsock leaves a connection whose blocking receive timed out in an
	// undefined state, yet a WebSocket session reads on after each timeout:
	// there the wait is a select() with the same timeout.
	if (_receiveTimeout > Poco::Timespan(0) && !pollDescriptor(_receiveTimeout, SELECT_READ))
		throw Poco::TimeoutException();
#endif
	return StreamSocketImpl::receiveBytes(buffer, length, flags);
}


bool TimedStreamSocketImpl::pollDescriptor(const Poco::Timespan& timeout, int mode)
{
#if defined(POCO_OS_FAMILY_UNIX)
	// One poll(2) where POCO 1.11 creates, fills, waits on and closes an epoll instance.
	pollfd entry;
	entry.fd = sockfd();
	entry.events = 0;
	entry.revents = 0;
	if (entry.fd == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
	if (mode & SELECT_READ) entry.events |= POLLIN;
	if (mode & SELECT_WRITE) entry.events |= POLLOUT;
	const Poco::Timestamp start;
	int rc;
	for (;;)
	{
		const Poco::Timespan remaining = timeout - Poco::Timespan(start.elapsed());
		// Rounded up: a wait of less than a millisecond must not become no wait.
		const int milliseconds = remaining > Poco::Timespan(0) ? static_cast<int>((remaining.totalMicroseconds() + 999)/1000) : 0;
		rc = ::poll(&entry, 1, milliseconds);
		if (rc >= 0 || errno != EINTR) break;
	}
	if (rc < 0) error();
	return rc > 0;
#else
	return StreamSocketImpl::poll(timeout, mode);
#endif
}


Poco::Net::SocketAddress TimedStreamSocketImpl::address()
{
	if (!_addressesKnown) peerAddress();
	return _address;
}


Poco::Net::SocketAddress TimedStreamSocketImpl::peerAddress()
{
	if (!_addressesKnown)
	{
		_address = StreamSocketImpl::address();
		_peerAddress = StreamSocketImpl::peerAddress();
		_addressesKnown = true;
	}
	return _peerAddress;
}


void TimedStreamSocketImpl::requestReceived()
{
	_phase = SERVING;
	// A WebSocket session may stay for days: it should not keep an empty buffer.
	if (_readAheadStart == _readAheadEnd) _readAhead.reset();
}


void TimedStreamSocketImpl::awaitNextRequest()
{
	_phase = AWAITING_REQUEST;
}


void TimedStreamSocketImpl::uncount()
{
	if (!_counted) return;
	_counted = false;
	_metrics.connectionClosed();
}


bool TimedStreamSocketImpl::holdAddressPlace(AddressCounter& addresses)
{
	if (_addressPlace) return true;
	if (!addresses.acquire(peerAddress().host())) return false;
	_addressPlace = &addresses;
	return true;
}


TimedStreamSocketImpl* TimedStreamSocketImpl::of(const Poco::Net::Socket& socket)
{
	return dynamic_cast<TimedStreamSocketImpl*>(socket.impl());
}


} // namespace pocows
