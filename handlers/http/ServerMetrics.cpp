//
// ServerMetrics.cpp
//


#include "http/ServerMetrics.h"
#include <sstream>


namespace pocows {


namespace
{
	const auto RELAXED = std::memory_order_relaxed;

	void writeFamily(std::ostringstream& out, const char* name, const char* type, const char* help)
	{
		out << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
	}

	template <typename T>
	void writeSample(std::ostringstream& out, const char* name, const T& value, const std::string& labels = std::string())
	{
		out << name;
		if (!labels.empty()) out << '{' << labels << '}';
		out << ' ' << value << '\n';
	}
}


ServerMetrics::ServerMetrics():
	_connectionsOpen(0),
	_connectionsTotal(0),
	_connectionsRejected(0),
	_sessionsOpen(0),
	_sessionsTotal(0),
	_sessionsRejected(0),
	_messagesIn(0),
	_messagesOut(0),
	_bytesIn(0),
	_bytesOut(0),
	_closeCodesApplication(0),
	_closeCodesOther(0)
{
	for (Counter& counter: _closeCodes) counter.store(0, RELAXED);
	for (Counter& counter: _requests) counter.store(0, RELAXED);
}


void ServerMetrics::connectionOpened()
{
	_connectionsOpen.fetch_add(1, RELAXED);
	_connectionsTotal.fetch_add(1, RELAXED);
}


void ServerMetrics::connectionClosed()
{
	_connectionsOpen.fetch_sub(1, RELAXED);
}


std::int64_t ServerMetrics::openConnections() const
{
	return _connectionsOpen.load(RELAXED);
}


std::int64_t ServerMetrics::httpConnections() const
{
	return _connectionsOpen.load(RELAXED) - _sessionsOpen.load(RELAXED);
}


void ServerMetrics::connectionRejected()
{
	_connectionsRejected.fetch_add(1, RELAXED);
}


void ServerMetrics::sessionRejected()
{
	_sessionsRejected.fetch_add(1, RELAXED);
}


void ServerMetrics::sessionOpened()
{
	_sessionsOpen.fetch_add(1, RELAXED);
	_sessionsTotal.fetch_add(1, RELAXED);
}


void ServerMetrics::sessionClosed(unsigned short code)
{
	_sessionsOpen.fetch_sub(1, RELAXED);
	if (code >= FIRST_CLOSE_CODE && code <= LAST_CLOSE_CODE)
		_closeCodes[code - FIRST_CLOSE_CODE].fetch_add(1, RELAXED);
	else if (code >= 3000 && code <= 4999)
		_closeCodesApplication.fetch_add(1, RELAXED);
	else
		_closeCodesOther.fetch_add(1, RELAXED);
}


void ServerMetrics::addTraffic(const Traffic& traffic)
{
	_messagesIn.fetch_add(traffic.messagesIn, RELAXED);
	_messagesOut.fetch_add(traffic.messagesOut, RELAXED);
	_bytesIn.fetch_add(traffic.bytesIn, RELAXED);
	_bytesOut.fetch_add(traffic.bytesOut, RELAXED);
}


void ServerMetrics::requestServed(int status)
{
	const int statusClass = status / 100;
	if (statusClass >= 1 && statusClass <= 5) _requests[statusClass - 1].fetch_add(1, RELAXED);
}


double ServerMetrics::uptimeSeconds() const
{
	return static_cast<double>(_started.elapsed())/Poco::Timestamp::resolution();
}


std::string ServerMetrics::render(int maxThreads, int busyThreads) const
{
	std::ostringstream out;
	writeFamily(out, "pocows_uptime_seconds", "gauge", "Seconds since the server started.");
	writeSample(out, "pocows_uptime_seconds", uptimeSeconds());
	writeFamily(out, "pocows_connections_open", "gauge", "TCP connections open now, HTTP and WebSocket.");
	writeSample(out, "pocows_connections_open", _connectionsOpen.load(RELAXED));
	writeFamily(out, "pocows_connections_total", "counter", "TCP connections accepted.");
	writeSample(out, "pocows_connections_total", _connectionsTotal.load(RELAXED));
	writeFamily(out, "pocows_rejected_total", "counter", "Connections and upgrades answered 503, by reason.");
	writeSample(out, "pocows_rejected_total", _connectionsRejected.load(RELAXED), "reason=\"threads\"");
	writeSample(out, "pocows_rejected_total", _sessionsRejected.load(RELAXED), "reason=\"sessions\"");
	writeFamily(out, "pocows_threads_max", "gauge", "Size of the HTTP connection thread pool.");
	writeSample(out, "pocows_threads_max", maxThreads);
	writeFamily(out, "pocows_threads_busy", "gauge", "HTTP pool threads serving a connection now.");
	writeSample(out, "pocows_threads_busy", busyThreads);
	writeFamily(out, "pocows_http_requests_total", "counter", "HTTP requests answered, by status class.");
	for (std::size_t i = 0; i < _requests.size(); ++i)
		writeSample(out, "pocows_http_requests_total", _requests[i].load(RELAXED), "class=\"" + std::to_string(i + 1) + "xx\"");
	writeFamily(out, "pocows_websocket_sessions_open", "gauge", "WebSocket sessions open now.");
	writeSample(out, "pocows_websocket_sessions_open", _sessionsOpen.load(RELAXED));
	writeFamily(out, "pocows_websocket_sessions_total", "counter", "WebSocket sessions opened.");
	writeSample(out, "pocows_websocket_sessions_total", _sessionsTotal.load(RELAXED));
	writeFamily(out, "pocows_websocket_messages_total", "counter", "WebSocket messages, by direction.");
	writeSample(out, "pocows_websocket_messages_total", _messagesIn.load(RELAXED), "direction=\"in\"");
	writeSample(out, "pocows_websocket_messages_total", _messagesOut.load(RELAXED), "direction=\"out\"");
	writeFamily(out, "pocows_websocket_bytes_total", "counter", "WebSocket message payload bytes, by direction.");
	writeSample(out, "pocows_websocket_bytes_total", _bytesIn.load(RELAXED), "direction=\"in\"");
	writeSample(out, "pocows_websocket_bytes_total", _bytesOut.load(RELAXED), "direction=\"out\"");
	writeFamily(out, "pocows_websocket_closes_total", "counter", "WebSocket sessions ended, by close code (1006: no close frame).");
	for (unsigned code = FIRST_CLOSE_CODE; code <= LAST_CLOSE_CODE; ++code)
	{
		const std::uint64_t count = _closeCodes[code - FIRST_CLOSE_CODE].load(RELAXED);
		if (count > 0) writeSample(out, "pocows_websocket_closes_total", count, "code=\"" + std::to_string(code) + "\"");
	}
	writeSample(out, "pocows_websocket_closes_total", _closeCodesApplication.load(RELAXED), "code=\"3000-4999\"");
	writeSample(out, "pocows_websocket_closes_total", _closeCodesOther.load(RELAXED), "code=\"other\"");
	return out.str();
}


} // namespace pocows
