//
// CapacityFilter.cpp
//


#include "http/CapacityFilter.h"
#include "http/TimedStreamSocketImpl.h"
#include "Poco/Format.h"


namespace pocows {


namespace
{
	// Under a flood, one line a second says how many were turned away.
	const Poco::Timestamp::TimeDiff LOG_INTERVAL = 1000*1000;
}


CapacityFilter::CapacityFilter(int maxConnections, int maxQueued, const Poco::Net::TCPServer& server, ServerMetrics& metrics, ServiceUnavailableResponder& responder, std::size_t maxPerAddress):
	_maxConnections(maxConnections),
	_maxQueued(maxQueued),
	_server(server),
	_metrics(metrics),
	_responder(responder),
	_addresses(maxPerAddress),
	_refuseAll(false),
	_logger(Poco::Logger::get("pocows.server")),
	_lastLog(0),
	_unlogged(0),
	_unloggedForAddress(0)
{
}


bool CapacityFilter::accept(const Poco::Net::StreamSocket& socket)
{
	if (admits(socket)) return true;
	refuse(socket);
	return false;
}


bool CapacityFilter::admits(const Poco::Net::StreamSocket& socket)
{
	// The count already includes this connection: its socket exists.
	if (_refuseAll || _metrics.httpConnections() > _maxConnections || _server.queuedConnections() >= _maxQueued)
	{
		_metrics.connectionRejected();
		return false;
	}
	if (_addresses.limit() == 0) return true;
	TimedStreamSocketImpl* timed = TimedStreamSocketImpl::of(socket);
	if (!timed || timed->holdAddressPlace(_addresses)) return true;
	_metrics.connectionRejectedForAddress();
	++_unloggedForAddress;
	return false;
}


void CapacityFilter::refuse(const Poco::Net::StreamSocket& socket)
{
	if (TimedStreamSocketImpl* timed = TimedStreamSocketImpl::of(socket)) timed->uncount();
	_responder.respond(socket);
	++_unlogged;
	logRejections();
}


void CapacityFilter::refuseAll()
{
	_refuseAll = true;
}


void CapacityFilter::logRejections()
{
	if (!_lastLog.isElapsed(LOG_INTERVAL)) return;
	poco_warning(_logger, Poco::format("%u connection(s) answered 503: %u with all %Ld threads busy%s, %u from an address at its limit of %z",
		_unlogged, _unlogged - _unloggedForAddress, static_cast<Poco::Int64>(_maxConnections), std::string(_refuseAll ? " or stopping" : ""),
		_unloggedForAddress, _addresses.limit()));
	_unlogged = 0;
	_unloggedForAddress = 0;
	_lastLog.update();
}


} // namespace pocows
