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


CapacityFilter::CapacityFilter(int maxConnections, int maxQueued, const Poco::Net::TCPServer& server, ServerMetrics& metrics, ServiceUnavailableResponder& responder):
	_maxConnections(maxConnections),
	_maxQueued(maxQueued),
	_server(server),
	_metrics(metrics),
	_responder(responder),
	_refuseAll(false),
	_logger(Poco::Logger::get("pocows.server")),
	_lastLog(0),
	_unlogged(0)
{
}


bool CapacityFilter::accept(const Poco::Net::StreamSocket& socket)
{
	// The count already includes this connection: its socket exists.
	if (!_refuseAll && _metrics.httpConnections() <= _maxConnections && _server.queuedConnections() < _maxQueued) return true;
	if (TimedStreamSocketImpl* timed = TimedStreamSocketImpl::of(socket)) timed->uncount();
	_metrics.connectionRejected();
	_responder.respond(socket);
	++_unlogged;
	logRejections();
	return false;
}


void CapacityFilter::refuseAll()
{
	_refuseAll = true;
}


void CapacityFilter::logRejections()
{
	if (!_lastLog.isElapsed(LOG_INTERVAL)) return;
	poco_warning(_logger, Poco::format("%u connection(s) answered 503: all %Ld threads busy%s",
		_unlogged, static_cast<Poco::Int64>(_maxConnections), std::string(_refuseAll ? " or stopping" : "")));
	_unlogged = 0;
	_lastLog.update();
}


} // namespace pocows
