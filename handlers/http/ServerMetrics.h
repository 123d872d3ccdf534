//
// ServerMetrics.h
//
// The server's counters, cheap enough for every connection and request, and their Prometheus form.
//


#ifndef Pocows_ServerMetrics_INCLUDED
#define Pocows_ServerMetrics_INCLUDED


#include "Poco/Timestamp.h"
#include <array>
#include <atomic>
#include <cstdint>
#include <string>


namespace pocows {


class ServerMetrics
	/// Counters shared by every thread of the server. Each is a relaxed atomic:
	/// no lock is ever taken to count, and a reader may see counts a moment apart.
{
public:
	using Counter = std::atomic<std::uint64_t>;
	using Gauge = std::atomic<std::int64_t>;

	struct Traffic
		/// What one session sent and received since it last reported.
	{
		std::uint64_t messagesIn = 0;
		std::uint64_t messagesOut = 0;
		std::uint64_t bytesIn = 0;
		std::uint64_t bytesOut = 0;
	};

	struct Snapshot
		/// The figures a live view plots, read at one moment.
	{
		std::int64_t connectionsOpen = 0;
		std::int64_t sessionsOpen = 0;
		std::uint64_t messagesIn = 0;
		std::uint64_t messagesOut = 0;
		std::uint64_t bytesIn = 0;
		std::uint64_t bytesOut = 0;
		std::uint64_t rejected = 0;            ///< connections and upgrades answered 503, for any reason
		std::uint64_t slowConsumerCloses = 0;
		std::int64_t outboundQueuedBytes = 0;
	};

	ServerMetrics();

	Snapshot snapshot() const;

	void connectionOpened();
	void connectionClosed();
	std::int64_t openConnections() const;
		/// TCP connections open now, HTTP and WebSocket.

	std::int64_t httpConnections() const;
		/// Open connections that are not WebSocket sessions: those that hold
		/// a thread of the HTTP server's pool.

	void connectionRejected();
		/// A connection answered 503 because every thread was busy.

	void sessionRejected();
		/// An upgrade answered 503 because websocket.maxSessions was reached.

	void connectionRejectedForAddress();
		/// A connection answered 503 because its address had
		/// server.maxConnectionsPerAddress open.

	void sessionRejectedForAddress();
		/// An upgrade answered 503 because its address had
		/// websocket.maxSessionsPerAddress open.

	void sessionOpened();
	void sessionClosed(unsigned short code);

	void addTraffic(const Traffic& traffic);

	void messagePublished();
		/// A message was published to a room.

	void messagesDelivered(std::uint64_t count, std::uint64_t payloadBytes);
		/// Posted messages that a session's socket has taken; they count as
		/// messages out, too.

	void messagesDropped(std::uint64_t count);
		/// Posted messages that a closing or slow session did not take.

	void outboundQueued(std::int64_t bytes);
		/// Bytes added to (or, negative, taken from) the sessions' outboxes.

	void slowConsumerClosed(bool hardLimit);
		/// A session was closed with 1013 for passing an outbound limit.

	void messageInflated(std::uint64_t compressedBytes, std::uint64_t plainBytes);
		/// A compressed message received, with its sizes before and after inflating.

	void messageCompressed(std::uint64_t plainBytes, std::uint64_t compressedBytes);
		/// A message compressed to be sent, once however many sessions it goes to.

	void requestServed(int status);

	std::string render(int maxThreads, int busyThreads) const;
		/// The counters in the Prometheus text exposition format (version 0.0.4).

	double uptimeSeconds() const;

private:
	static const unsigned FIRST_CLOSE_CODE = 1000;
	static const unsigned LAST_CLOSE_CODE = 1015;

	const Poco::Timestamp _started;
	Gauge _connectionsOpen;
	Counter _connectionsTotal;
	Counter _connectionsRejected;
	Gauge _sessionsOpen;
	Counter _sessionsTotal;
	Counter _sessionsRejected;
	Counter _connectionsRejectedForAddress;
	Counter _sessionsRejectedForAddress;
	Counter _messagesIn;
	Counter _messagesOut;
	Counter _bytesIn;
	Counter _bytesOut;
	Counter _messagesPublished;
	Counter _messagesDelivered;
	Counter _messagesDropped;
	Gauge _outboundQueuedBytes;
	Counter _inflatedMessages;
	Counter _inflatedCompressedBytes;
	Counter _inflatedPlainBytes;
	Counter _compressedMessages;
	Counter _compressedPlainBytes;
	Counter _compressedCompressedBytes;
	Counter _slowConsumerHard;
	Counter _slowConsumerSoft;
	std::array<Counter, LAST_CLOSE_CODE - FIRST_CLOSE_CODE + 1> _closeCodes;
	Counter _closeCodesApplication;   // 3000-4999
	Counter _closeCodesOther;
	std::array<Counter, 5> _requests; // by status class, 1xx to 5xx
};


} // namespace pocows


#endif // Pocows_ServerMetrics_INCLUDED
