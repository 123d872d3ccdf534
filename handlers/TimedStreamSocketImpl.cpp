//
// TimedStreamSocketImpl.cpp
//


#include "TimedStreamSocketImpl.h"
#include "Poco/Exception.h"


namespace pocows {


TimedStreamSocketImpl::TimedStreamSocketImpl(poco_socket_t sockfd, const Poco::Timespan& requestTimeout, ServerMetrics& metrics):
	StreamSocketImpl(sockfd),
	_requestTimeout(requestTimeout),
	_metrics(metrics),
	_phase(AWAITING_REQUEST),
	_counted(true)
{
	_metrics.connectionOpened();
}


TimedStreamSocketImpl::~TimedStreamSocketImpl()
{
	uncount();
}


int TimedStreamSocketImpl::receiveBytes(void* buffer, int length, int flags)
{
	if (_phase == SERVING) return StreamSocketImpl::receiveBytes(buffer, length, flags);
	if (_phase == AWAITING_REQUEST)
	{
		_phase = READING_REQUEST;
		_requestStart.update();
	}
	const Poco::Timespan remaining = _requestTimeout - Poco::Timespan(_requestStart.elapsed());
	if (remaining <= Poco::Timespan(0) || !poll(remaining, SELECT_READ))
		throw Poco::TimeoutException("request not received within the request timeout");
	return StreamSocketImpl::receiveBytes(buffer, length, flags);
}


void TimedStreamSocketImpl::requestReceived()
{
	_phase = SERVING;
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


TimedStreamSocketImpl* TimedStreamSocketImpl::of(const Poco::Net::Socket& socket)
{
	return dynamic_cast<TimedStreamSocketImpl*>(socket.impl());
}


} // namespace pocows
