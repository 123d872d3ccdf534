//
// ServerMetrics.cpp
//


#include "http/ServerMetrics.h"
#include "http/ProcessMemory.h"
#include <sstream>
#include <utility>
#include <vector>


namespace pocows {


namespace
{
	const auto RELAXED = std::memory_order_relaxed;

	using Samples = std::vector<std::pair<std::string, std::uint64_t>>;
		///< label set and value, one per sample of a family

	void writeHeader(std::ostringstream& out, const char* name, const char* type, const char* help)
	{
		out << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
	}

	template <typename T>
	void writeMetric(std::ostringstream& out, const char* name, const char* type, const char* help, const T& value)
		/// A family of one sample without labels.
	{
		writeHeader(out, name, type, help);
		out << name << ' ' << value << '\n';
	}

	void writeMetric(std::ostringstream& out, const char* name, const char* type, const char* help, const Samples& samples)
	{
		writeHeader(out, name, type, help);
		for (const auto& sample: samples) out << name << '{' << sample.first << "} " << sample.second << '\n';
	}
}


ServerMetrics::ServerMetrics():
	_connectionsOpen(0),
	_connectionsTotal(0),
	_connectionsRejected(0),
	_sessionsOpen(0),
	_sessionsTotal(0),
	_sessionsRejected(0),
	_connectionsRejectedForAddress(0),
	_sessionsRejectedForAddress(0),
	_messagesIn(0),
	_messagesOut(0),
	_bytesIn(0),
	_bytesOut(0),
	_messagesPublished(0),
	_messagesDelivered(0),
	_messagesDropped(0),
	_outboundQueuedBytes(0),
	_inflatedMessages(0),
	_inflatedCompressedBytes(0),
	_inflatedPlainBytes(0),
	_compressedMessages(0),
	_compressedPlainBytes(0),
	_compressedCompressedBytes(0),
	_slowConsumerHard(0),
	_slowConsumerSoft(0),
	_closeCodesApplication(0),
	_closeCodesOther(0)
{
	for (Counter& counter: _closeCodes) counter.store(0, RELAXED);
	for (Counter& counter: _requests) counter.store(0, RELAXED);
}


ServerMetrics::Snapshot ServerMetrics::snapshot() const
{
	Snapshot snapshot;
	snapshot.connectionsOpen = _connectionsOpen.load(RELAXED);
	snapshot.sessionsOpen = _sessionsOpen.load(RELAXED);
	snapshot.messagesIn = _messagesIn.load(RELAXED);
	snapshot.messagesOut = _messagesOut.load(RELAXED);
	snapshot.bytesIn = _bytesIn.load(RELAXED);
	snapshot.bytesOut = _bytesOut.load(RELAXED);
	snapshot.rejected = _connectionsRejected.load(RELAXED) + _sessionsRejected.load(RELAXED)
		+ _connectionsRejectedForAddress.load(RELAXED) + _sessionsRejectedForAddress.load(RELAXED);
	snapshot.slowConsumerCloses = _slowConsumerHard.load(RELAXED) + _slowConsumerSoft.load(RELAXED);
	snapshot.outboundQueuedBytes = _outboundQueuedBytes.load(RELAXED);
	return snapshot;
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


void ServerMetrics::connectionRejectedForAddress()
{
	_connectionsRejectedForAddress.fetch_add(1, RELAXED);
}


void ServerMetrics::sessionRejectedForAddress()
{
	_sessionsRejectedForAddress.fetch_add(1, RELAXED);
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


void ServerMetrics::messagePublished()
{
	_messagesPublished.fetch_add(1, RELAXED);
}


void ServerMetrics::messagesDelivered(std::uint64_t count, std::uint64_t payloadBytes)
{
	_messagesDelivered.fetch_add(count, RELAXED);
	_messagesOut.fetch_add(count, RELAXED);
	_bytesOut.fetch_add(payloadBytes, RELAXED);
}


void ServerMetrics::messagesDropped(std::uint64_t count)
{
	_messagesDropped.fetch_add(count, RELAXED);
}


void ServerMetrics::outboundQueued(std::int64_t bytes)
{
	_outboundQueuedBytes.fetch_add(bytes, RELAXED);
}


void ServerMetrics::slowConsumerClosed(bool hardLimit)
{
	(hardLimit ? _slowConsumerHard : _slowConsumerSoft).fetch_add(1, RELAXED);
}


void ServerMetrics::messageInflated(std::uint64_t compressedBytes, std::uint64_t plainBytes)
{
	_inflatedMessages.fetch_add(1, RELAXED);
	_inflatedCompressedBytes.fetch_add(compressedBytes, RELAXED);
	_inflatedPlainBytes.fetch_add(plainBytes, RELAXED);
}


void ServerMetrics::messageCompressed(std::uint64_t plainBytes, std::uint64_t compressedBytes)
{
	_compressedMessages.fetch_add(1, RELAXED);
	_compressedPlainBytes.fetch_add(plainBytes, RELAXED);
	_compressedCompressedBytes.fetch_add(compressedBytes, RELAXED);
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
	Samples requests;
	for (std::size_t i = 0; i < _requests.size(); ++i)
		requests.emplace_back("class=\"" + std::to_string(i + 1) + "xx\"", _requests[i].load(RELAXED));
	Samples closes;
	for (unsigned code = FIRST_CLOSE_CODE; code <= LAST_CLOSE_CODE; ++code)
	{
		const std::uint64_t count = _closeCodes[code - FIRST_CLOSE_CODE].load(RELAXED);
		if (count > 0) closes.emplace_back("code=\"" + std::to_string(code) + "\"", count);
	}
	closes.emplace_back("code=\"3000-4999\"", _closeCodesApplication.load(RELAXED));
	closes.emplace_back("code=\"other\"", _closeCodesOther.load(RELAXED));

	std::ostringstream out;
	writeMetric(out, "pocows_uptime_seconds", "gauge", "Seconds since the server started.", uptimeSeconds());
	writeMetric(out, "process_resident_memory_bytes", "gauge", "Resident memory of the server process, in bytes.", ProcessMemory::residentBytes());
	writeMetric(out, "pocows_connections_open", "gauge", "TCP connections open now, HTTP and WebSocket.", _connectionsOpen.load(RELAXED));
	writeMetric(out, "pocows_connections_total", "counter", "TCP connections accepted.", _connectionsTotal.load(RELAXED));
	writeMetric(out, "pocows_rejected_total", "counter", "Connections and upgrades answered 503, by reason.", Samples{
		{"reason=\"threads\"", _connectionsRejected.load(RELAXED)},
		{"reason=\"sessions\"", _sessionsRejected.load(RELAXED)},
		{"reason=\"address_connections\"", _connectionsRejectedForAddress.load(RELAXED)},
		{"reason=\"address_sessions\"", _sessionsRejectedForAddress.load(RELAXED)}});
	writeMetric(out, "pocows_threads_max", "gauge", "Size of the HTTP connection thread pool.", maxThreads);
	writeMetric(out, "pocows_threads_busy", "gauge", "HTTP pool threads serving a connection now.", busyThreads);
	writeMetric(out, "pocows_http_requests_total", "counter", "HTTP requests answered, by status class.", requests);
	writeMetric(out, "pocows_websocket_sessions_open", "gauge", "WebSocket sessions open now.", _sessionsOpen.load(RELAXED));
	writeMetric(out, "pocows_websocket_sessions_total", "counter", "WebSocket sessions opened.", _sessionsTotal.load(RELAXED));
	writeMetric(out, "pocows_websocket_messages_total", "counter", "WebSocket messages, by direction.", Samples{
		{"direction=\"in\"", _messagesIn.load(RELAXED)},
		{"direction=\"out\"", _messagesOut.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_bytes_total", "counter", "WebSocket message payload bytes, by direction.", Samples{
		{"direction=\"in\"", _bytesIn.load(RELAXED)},
		{"direction=\"out\"", _bytesOut.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_published_total", "counter", "Messages published to rooms.", _messagesPublished.load(RELAXED));
	writeMetric(out, "pocows_websocket_posted_total", "counter", "Messages posted to sessions from other threads and rooms, by outcome.", Samples{
		{"outcome=\"delivered\"", _messagesDelivered.load(RELAXED)},
		{"outcome=\"dropped\"", _messagesDropped.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_outbound_queued_bytes", "gauge", "Bytes queued for sessions and not yet written.", _outboundQueuedBytes.load(RELAXED));
	writeMetric(out, "pocows_websocket_slow_consumer_closes_total", "counter", "Sessions closed with 1013 for falling behind, by limit.", Samples{
		{"limit=\"hard\"", _slowConsumerHard.load(RELAXED)},
		{"limit=\"soft\"", _slowConsumerSoft.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_deflate_messages_total", "counter",
		"Messages through permessage-deflate: inflated (in), compressed once for however many sessions (out).", Samples{
		{"direction=\"in\"", _inflatedMessages.load(RELAXED)},
		{"direction=\"out\"", _compressedMessages.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_deflate_bytes_total", "counter",
		"Payload bytes of those messages, uncompressed (plain) and compressed, by direction.", Samples{
		{"direction=\"in\",form=\"compressed\"", _inflatedCompressedBytes.load(RELAXED)},
		{"direction=\"in\",form=\"plain\"", _inflatedPlainBytes.load(RELAXED)},
		{"direction=\"out\",form=\"plain\"", _compressedPlainBytes.load(RELAXED)},
		{"direction=\"out\",form=\"compressed\"", _compressedCompressedBytes.load(RELAXED)}});
	writeMetric(out, "pocows_websocket_closes_total", "counter", "WebSocket sessions ended, by close code (1006: no close frame).", closes);
	return out.str();
}


} // namespace pocows
