//
// CapacityFilterTest.cpp
//
// The filter on the accepting thread: which connections it admits by the
// count of open HTTP connections and by POCO's queue, and the 503 that a
// refused client reads, over real loopback connections.
//


#include "http/CapacityFilter.h"
#include "http/ServerMetrics.h"
#include "http/ServiceUnavailableResponder.h"
#include "http/TimedServerSocket.h"
#include "support/SocketPair.h"
#include "support/TestProcess.h"
#include "Poco/Exception.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Net/TCPServer.h"
#include "Poco/Net/TCPServerConnection.h"
#include "Poco/Net/TCPServerConnectionFactory.h"
#include "Poco/Net/TCPServerParams.h"
#include "Poco/ThreadPool.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif


namespace pocows {


namespace
{
	const Poco::Timespan TIMEOUT(5, 0);

	struct Connection
		/// Both ends of one loopback TCP connection.
	{
		Poco::Net::StreamSocket client;
		Poco::Net::StreamSocket server;
	};

	Connection connectTo(Poco::Net::ServerSocket& listener, const std::string& from = std::string())
		/// From the address from (any of 127/8), if given.
	{
		Connection connection;
		if (!from.empty()) connection.client = socketFrom(from);
		connection.client.connect(Poco::Net::SocketAddress("127.0.0.1", listener.address().port()), TIMEOUT);
		connection.client.setReceiveTimeout(TIMEOUT);
		listener.setReceiveTimeout(TIMEOUT);  // bounds the accept
		connection.server = listener.acceptConnection();
		return connection;
	}

	std::string readToEnd(Poco::Net::StreamSocket& socket)
		/// Everything the peer sends until it ends the stream; fails if that
		/// takes longer than the receive timeout.
	{
		std::string data;
		char buffer[1024];
		for (;;)
		{
			int n = 0;
			try
			{
				n = socket.receiveBytes(buffer, sizeof(buffer));
			}
			catch (Poco::TimeoutException&)
			{
				CPPUNIT_FAIL("the stream did not end; received so far: " + data);
			}
			if (n <= 0) return data;
			data.append(buffer, static_cast<std::size_t>(n));
		}
	}

	std::string headerOf(const std::string& response, const std::string& name)
	{
		const std::size_t end = response.find("\r\n\r\n");
		std::istringstream lines(response.substr(0, end));
		std::string line;
		std::getline(lines, line);
		while (std::getline(lines, line))
		{
			if (!line.empty() && line.back() == '\r') line.pop_back();
			const std::size_t colon = line.find(':');
			if (colon == std::string::npos || line.compare(0, colon, name) != 0) continue;
			const std::size_t value = line.find_first_not_of(' ', colon + 1);
			return value == std::string::npos ? std::string() : line.substr(value);
		}
		return std::string();
	}

	void assertServiceUnavailable(const std::string& response)
	{
		const std::size_t end = response.find("\r\n\r\n");
		CPPUNIT_ASSERT_MESSAGE(response, end != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 503 Service Unavailable\r\n"), response.substr(0, response.find("\r\n") + 2));
		CPPUNIT_ASSERT_EQUAL(std::string("5"), headerOf(response, "Retry-After"));
		CPPUNIT_ASSERT_EQUAL(std::string("close"), headerOf(response, "Connection"));
		const std::string body = response.substr(end + 4);
		CPPUNIT_ASSERT_EQUAL(std::to_string(body.size()), headerOf(response, "Content-Length"));
		CPPUNIT_ASSERT(body.find("503") != std::string::npos);
	}

	bool resetWithin(Poco::Net::StreamSocket& socket, const Poco::Timespan& time)
		/// True if the peer resets the connection within time. Only Linux
		/// tells the state of a connection without reading from it; elsewhere
		/// this just says false.
	{
#if defined(__linux__)
		const Poco::Timestamp start;
		for (;;)
		{
			tcp_info info;
			socklen_t length = sizeof(info);
			if (getsockopt(socket.impl()->sockfd(), IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return false;
			if (info.tcpi_state == TCP_CLOSE) return true;
			if (start.isElapsed(time.totalMicroseconds())) return false;
			std::this_thread::sleep_for(std::chrono::milliseconds(1));
		}
#else
		(void) socket;
		(void) time;
		return false;
#endif
	}

	std::uint64_t rejected(const ServerMetrics& metrics, const std::string& reason)
		/// The sample of pocows_rejected_total for reason, read from the rendered metrics.
	{
		const std::string prefix = "pocows_rejected_total{reason=\"" + reason + "\"} ";
		std::istringstream lines(metrics.render(1, 0));
		std::string line;
		int found = 0;
		std::uint64_t value = 0;
		while (std::getline(lines, line))
		{
			if (line.compare(0, prefix.size(), prefix) != 0) continue;
			++found;
			const std::string number = line.substr(prefix.size());
			CPPUNIT_ASSERT_MESSAGE(line, !number.empty() && number.find_first_not_of("0123456789") == std::string::npos);
			value = std::stoull(number);
		}
		CPPUNIT_ASSERT_EQUAL_MESSAGE(prefix, 1, found);
		return value;
	}

	class IdleConnection: public Poco::Net::TCPServerConnection
	{
	public:
		using TCPServerConnection::TCPServerConnection;

		void run() override
		{
		}
	};

	struct Gate
		/// Holds the server's connection threads until opened.
	{
		std::mutex mutex;
		std::condition_variable changed;
		bool open = false;
		int entered = 0;

		void pass()
		{
			std::unique_lock<std::mutex> lock(mutex);
			++entered;
			changed.notify_all();
			changed.wait_for(lock, std::chrono::seconds(10), [this] { return open; });
		}

		bool awaitEntered(int count)
		{
			std::unique_lock<std::mutex> lock(mutex);
			return changed.wait_for(lock, std::chrono::seconds(5), [&] { return entered >= count; });
		}

		void release()
		{
			std::lock_guard<std::mutex> lock(mutex);
			open = true;
			changed.notify_all();
		}
	};

	class GatedConnection: public Poco::Net::TCPServerConnection
	{
	public:
		GatedConnection(const Poco::Net::StreamSocket& socket, Gate& gate):
			TCPServerConnection(socket),
			_gate(gate)
		{
		}

		void run() override
		{
			_gate.pass();
		}

	private:
		Gate& _gate;
	};

	class GatedConnectionFactory: public Poco::Net::TCPServerConnectionFactory
	{
	public:
		explicit GatedConnectionFactory(Gate& gate):
			_gate(gate)
		{
		}

		Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
		{
			return new GatedConnection(socket, _gate);
		}

	private:
		Gate& _gate;
	};
}


class CapacityFilterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CapacityFilterTest);
	CPPUNIT_TEST(testAdmitsUpToMaxConnections);
	CPPUNIT_TEST(testSessionsDoNotCount);
	CPPUNIT_TEST(testRefusedClientReads503);
	CPPUNIT_TEST(testRefusalIsCounted);
	CPPUNIT_TEST(testRefusedConnectionNoLongerCountsAsOpen);
	CPPUNIT_TEST(testLimitPerAddress);
	CPPUNIT_TEST(testRefusesWhenQueueIsFull);
	CPPUNIT_TEST(testRefuseAll);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_listener = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0));
		// Never started: only asked for its queue, which stays empty.
		_idleServerSocket = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0));
		_idleServer = std::make_unique<Poco::Net::TCPServer>(new Poco::Net::TCPServerConnectionFactoryImpl<IdleConnection>, *_idleServerSocket);
		_metrics = std::make_unique<ServerMetrics>();
		_responder = std::make_unique<ServiceUnavailableResponder>();
	}

	void tearDown() override
	{
		// The responder may still hold sockets: it goes first.
		_responder.reset();
		_metrics.reset();
		_idleServer.reset();
		_idleServerSocket.reset();
		_listener.reset();
	}

	void testAdmitsUpToMaxConnections()
	{
		CapacityFilter filter(2, 16, *_idleServer, *_metrics, *_responder);
		CPPUNIT_ASSERT_EQUAL(0, _idleServer->queuedConnections());
		// Below: the count already includes the connection asked about.
		_metrics->connectionOpened();
		Connection first = connectTo(*_listener);
		CPPUNIT_ASSERT(filter.accept(first.server));
		// At.
		_metrics->connectionOpened();
		Connection second = connectTo(*_listener);
		CPPUNIT_ASSERT(filter.accept(second.server));
		// An admitted connection is left alone: nothing is sent on it.
		CPPUNIT_ASSERT(nothingArrives(second.client));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), rejected(*_metrics, "threads"));
		// Above.
		_metrics->connectionOpened();
		Connection third = connectTo(*_listener);
		CPPUNIT_ASSERT(!filter.accept(third.server));
		assertServiceUnavailable(readToEnd(third.client));
		// The refused one's socket goes, and then one of the others: room again.
		_metrics->connectionClosed();
		_metrics->connectionClosed();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _metrics->httpConnections());
		_metrics->connectionOpened();
		Connection fourth = connectTo(*_listener);
		CPPUNIT_ASSERT(filter.accept(fourth.server));
		CPPUNIT_ASSERT(nothingArrives(fourth.client));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), rejected(*_metrics, "threads"));
	}

	void testSessionsDoNotCount()
	{
		// A WebSocket session has a thread of its own: its connection leaves room.
		CapacityFilter filter(1, 16, *_idleServer, *_metrics, *_responder);
		for (int i = 0; i < 3; ++i) _metrics->connectionOpened();
		_metrics->sessionOpened();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _metrics->httpConnections());
		Connection refused = connectTo(*_listener);
		CPPUNIT_ASSERT(!filter.accept(refused.server));
		_metrics->sessionOpened();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _metrics->httpConnections());
		Connection admitted = connectTo(*_listener);
		CPPUNIT_ASSERT(filter.accept(admitted.server));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), rejected(*_metrics, "threads"));
	}

	void testRefusedClientReads503()
	{
		CapacityFilter filter(0, 16, *_idleServer, *_metrics, *_responder);
		_metrics->connectionOpened();
		Connection connection = connectTo(*_listener);
		// The request is sent before the answer and never read by anyone:
		// it must not make the kernel destroy the answer with a reset.
		const std::string request("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
		connection.client.sendBytes(request.data(), static_cast<int>(request.size()));
		CPPUNIT_ASSERT(!filter.accept(connection.server));
		// The responder has taken the socket over; the filter's caller drops its own.
		connection.server = Poco::Net::StreamSocket();
		// A client may be slow to read: meanwhile its request must be drained,
		// not answered with a reset (which on Linux throws away the answer
		// that the client has not read yet). The responder keeps a socket a
		// second and a half, so a reset within a third of one is a failure.
		CPPUNIT_ASSERT_MESSAGE("connection reset", !resetWithin(connection.client, Poco::Timespan(0, 300*1000)));
		// The answer ends at once with a half-close, not when the responder
		// gives up on the socket.
		const Poco::Timestamp reading;
		const std::string response = readToEnd(connection.client);
		CPPUNIT_ASSERT(reading.elapsed() < 1000*1000);
		assertServiceUnavailable(response);
		CPPUNIT_ASSERT_EQUAL(std::to_string(ServiceUnavailableResponder::RETRY_AFTER_SECONDS), headerOf(response, "Retry-After"));
	}

	void testRefusalIsCounted()
	{
		CapacityFilter filter(1, 16, *_idleServer, *_metrics, *_responder);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), rejected(*_metrics, "threads"));
		_metrics->connectionOpened();
		_metrics->connectionOpened();
		for (std::uint64_t i = 1; i <= 3; ++i)
		{
			Connection connection = connectTo(*_listener);
			CPPUNIT_ASSERT(!filter.accept(connection.server));
			assertServiceUnavailable(readToEnd(connection.client));
			CPPUNIT_ASSERT_EQUAL(i, rejected(*_metrics, "threads"));
		}
		// Refused for want of threads, not of sessions.
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), rejected(*_metrics, "sessions"));
		// Counting is all the filter does to the metrics: the connection counts
		// are its socket's to keep.
		CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _metrics->openConnections());
	}

	void testRefusedConnectionNoLongerCountsAsOpen()
	{
		// Accepted the server's way, each connection counts itself while its socket exists.
		TimedServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0), 16, TIMEOUT, TIMEOUT, *_metrics);
		CapacityFilter filter(1, 16, *_idleServer, *_metrics, *_responder);
		Connection first = connectTo(listener);
		CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _metrics->openConnections());
		CPPUNIT_ASSERT(filter.accept(first.server));
		Connection second = connectTo(listener);
		CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _metrics->openConnections());
		CPPUNIT_ASSERT(!filter.accept(second.server));
		// Turned away, though its socket lives on in the responder for a while.
		CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _metrics->openConnections());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), rejected(*_metrics, "threads"));
		assertServiceUnavailable(readToEnd(second.client));
		// So the next one is judged by the connections really open.
		Connection third = connectTo(listener);
		CPPUNIT_ASSERT(!filter.accept(third.server));
		first.server.close();
		first.server = Poco::Net::StreamSocket();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _metrics->openConnections());
		Connection fourth = connectTo(listener);
		CPPUNIT_ASSERT(filter.accept(fourth.server));
		CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _metrics->openConnections());
	}

	void testLimitPerAddress()
	{
		// Declared first, so that it outlives the sockets that hold its places.
		CapacityFilter filter(100, 16, *_idleServer, *_metrics, *_responder, 2);
		TimedServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0), 16, TIMEOUT, TIMEOUT, *_metrics);
		Connection first = connectTo(listener, "127.0.0.1");
		Connection second = connectTo(listener, "127.0.0.1");
		CPPUNIT_ASSERT(filter.accept(first.server));
		CPPUNIT_ASSERT(filter.accept(second.server));
		Connection third = connectTo(listener, "127.0.0.1");
		CPPUNIT_ASSERT(!filter.accept(third.server));
		assertServiceUnavailable(readToEnd(third.client));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), rejected(*_metrics, "address_connections"));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), rejected(*_metrics, "threads"));
		// Another address has places of its own.
		Connection other = connectTo(listener, "127.0.0.2");
		CPPUNIT_ASSERT(filter.accept(other.server));
		// A connection's place is given back when its socket goes.
		first.server.close();
		first.server = Poco::Net::StreamSocket();
		Connection fourth = connectTo(listener, "127.0.0.1");
		CPPUNIT_ASSERT(filter.accept(fourth.server));
	}

	void testRefusesWhenQueueIsFull()
	{
		// A server with one thread, held by its first connection, so that the
		// second waits in POCO's queue.
		Gate gate;
		Poco::ThreadPool pool(1, 1);
		Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
		Poco::Net::TCPServerParams::Ptr params = new Poco::Net::TCPServerParams;
		params->setMaxThreads(1);
		params->setMaxQueued(16);
		Poco::Net::TCPServer server(new GatedConnectionFactory(gate), pool, socket, params);
		server.start();
		Poco::Net::StreamSocket holding(Poco::Net::SocketAddress("127.0.0.1", socket.address().port()));
		const bool entered = gate.awaitEntered(1);
		Poco::Net::StreamSocket waiting;
		bool queued = false;
		if (entered)
		{
			waiting.connect(Poco::Net::SocketAddress("127.0.0.1", socket.address().port()), TIMEOUT);
			queued = waitFor([&] { return server.queuedConnections() == 1; });
		}

		bool admittedWithFullQueue = true;
		bool admittedWithRoom = false;
		bool admittedOnceEmptied = false;
		std::string refusal;
		if (queued)
		{
			_metrics->connectionOpened();
			CapacityFilter full(8, 1, server, *_metrics, *_responder);
			CapacityFilter roomy(8, 2, server, *_metrics, *_responder);
			Connection connection = connectTo(*_listener);
			admittedWithFullQueue = full.accept(connection.server);
			if (!admittedWithFullQueue) refusal = readToEnd(connection.client);
			Connection another = connectTo(*_listener);
			admittedWithRoom = roomy.accept(another.server);
			gate.release();
			if (waitFor([&] { return server.queuedConnections() == 0; }) && gate.awaitEntered(2))
			{
				Connection last = connectTo(*_listener);
				admittedOnceEmptied = full.accept(last.server);
			}
		}
		gate.release();
		holding.close();
		waiting.close();
		server.stop();
		pool.joinAll();

		CPPUNIT_ASSERT_MESSAGE("the server's thread never took the first connection", entered);
		CPPUNIT_ASSERT_MESSAGE("the second connection was never queued", queued);
		CPPUNIT_ASSERT(!admittedWithFullQueue);
		assertServiceUnavailable(refusal);
		CPPUNIT_ASSERT(admittedWithRoom);
		CPPUNIT_ASSERT(admittedOnceEmptied);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), rejected(*_metrics, "threads"));
	}

	void testRefuseAll()
	{
		CapacityFilter filter(100, 100, *_idleServer, *_metrics, *_responder);
		_metrics->connectionOpened();
		Connection before = connectTo(*_listener);
		CPPUNIT_ASSERT(filter.accept(before.server));
		filter.refuseAll();
		for (std::uint64_t i = 1; i <= 3; ++i)
		{
			Connection connection = connectTo(*_listener);
			CPPUNIT_ASSERT(!filter.accept(connection.server));
			assertServiceUnavailable(readToEnd(connection.client));
			CPPUNIT_ASSERT_EQUAL(i, rejected(*_metrics, "threads"));
		}
		// Even with no connection open at all.
		_metrics->connectionClosed();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _metrics->httpConnections());
		Connection idle = connectTo(*_listener);
		CPPUNIT_ASSERT(!filter.accept(idle.server));
		assertServiceUnavailable(readToEnd(idle.client));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), rejected(*_metrics, "threads"));
		// Another filter is not affected.
		CapacityFilter other(100, 100, *_idleServer, *_metrics, *_responder);
		Connection elsewhere = connectTo(*_listener);
		CPPUNIT_ASSERT(other.accept(elsewhere.server));
	}

private:
	std::unique_ptr<Poco::Net::ServerSocket> _listener;
	std::unique_ptr<Poco::Net::ServerSocket> _idleServerSocket;
	std::unique_ptr<Poco::Net::TCPServer> _idleServer;
	std::unique_ptr<ServerMetrics> _metrics;
	std::unique_ptr<ServiceUnavailableResponder> _responder;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CapacityFilterTest, "CapacityFilter");


} // namespace pocows
