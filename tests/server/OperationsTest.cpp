//
// OperationsTest.cpp
//
// Capacity, timeouts, keep-alive, health, metrics and the access log, against the real server.
//


#include "http/StatusHandler.h"
#include "support/TestHttp.h"
#include "support/TestProcess.h"
#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "Poco/AutoPtr.h"
#include "Poco/Channel.h"
#include "Poco/Logger.h"
#include "Poco/Message.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <iostream>
#include <mutex>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	class CapturingChannel: public Poco::Channel
	{
	public:
		void log(const Poco::Message& message) override
		{
			std::lock_guard<std::mutex> lock(_mutex);
			_lines.push_back(message.getText());
		}

		std::vector<std::string> lines()
		{
			std::lock_guard<std::mutex> lock(_mutex);
			return _lines;
		}

	private:
		std::mutex _mutex;
		std::vector<std::string> _lines;
	};

	void closeCleanly(TestWebSocketClient& client)
	{
		client.send(CLOSE, TestWebSocketClient::closePayload(1000));
		const TestWebSocketClient::Frame reply = client.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(reply.opcode));
		CPPUNIT_ASSERT(client.receiveEnd());
	}
}


class OperationsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OperationsTest);
	CPPUNIT_TEST(testFullPoolAnswers503AtOnce);
	CPPUNIT_TEST(testSessionLimitAnswers503);
	CPPUNIT_TEST(testIdleSessionIsPingedAndKeptAlive);
	CPPUNIT_TEST(testPeerThatStopsReadingIsCutOff);
	CPPUNIT_TEST(testSlowRequestIsCutOff);
	CPPUNIT_TEST(testIdleKeepAliveConnectionIsClosed);
	CPPUNIT_TEST(testHealthCheck);
	CPPUNIT_TEST(testMetrics);
	CPPUNIT_TEST(testStatusPathsCanBeTurnedOff);
	CPPUNIT_TEST(testMetricsLoopbackCheck);
	CPPUNIT_TEST(testAccessLog);
	CPPUNIT_TEST(testPortInUseIsRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	void testPortInUseIsRefused()
	{
		// A second server on a port that is taken must fail, not share the
		// port's connections with the first.
		TestServer first;
		ServerSettings settings = TestServer::defaultSettings();
		settings.port = first.port();
		settings.files.docroot = first.files().docroot();
		try
		{
			PocowsServer second(settings);
			CPPUNIT_FAIL("a second server bound port " + std::to_string(first.port()));
		}
		catch (Poco::Net::NetException& exc)
		{
			CPPUNIT_ASSERT_MESSAGE(exc.displayText(), exc.displayText().find(std::to_string(first.port())) != std::string::npos);
		}
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(first.port(), "/index.html")));
	}

	void testFullPoolAnswers503AtOnce()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.maxThreads = 4;
		settings.webSocket.maxSessions = 8;
		TestServer server(settings);
		// Sessions run on threads of their own and leave the HTTP threads free.
		std::vector<std::unique_ptr<TestWebSocketClient>> sessions;
		for (int i = 0; i < 4; ++i)
		{
			sessions.push_back(std::make_unique<TestWebSocketClient>(server.port()));
			CPPUNIT_ASSERT_EQUAL(101, sessions.back()->status());
		}
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(server.port(), "/index.html")));
		// That connection must be gone before the threads are filled, or the last one would be turned away.
		CPPUNIT_ASSERT(waitFor([&] { return server.server().metrics().httpConnections() == 0; }));

		// A request that never ends holds its HTTP thread until requestTimeout.
		std::vector<Poco::Net::StreamSocket> stalled;
		for (int i = 0; i < 4; ++i)
		{
			stalled.emplace_back(Poco::Net::SocketAddress("127.0.0.1", server.port()));
			const std::string start("GET /index.html HTTP/1.1\r\n");
			stalled.back().sendBytes(start.data(), static_cast<int>(start.size()));
		}
		CPPUNIT_ASSERT(waitFor([&] { return server.server().metrics().httpConnections() == 4; }));

		const Poco::Timestamp start;
		const std::string file = httpGet(server.port(), "/index.html");
		const Poco::Timestamp::TimeDiff fileWait = start.elapsed();
		CPPUNIT_ASSERT_EQUAL(503, statusOf(file));
		CPPUNIT_ASSERT(file.find("\r\nRetry-After: 5\r\n") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE("503 took " + std::to_string(fileWait) + " us", fileWait < 1000000);
		std::cout << " [503 with every thread busy after " << fileWait << " us]";

		TestWebSocketClient upgrade(server.port());
		CPPUNIT_ASSERT_EQUAL(503, upgrade.status());
		CPPUNIT_ASSERT(server.server().metrics().render(4, 4).find("pocows_rejected_total{reason=\"threads\"} 2") != std::string::npos);
		for (auto& session: sessions) CPPUNIT_ASSERT_EQUAL(std::string("still here"), session->echo(TEXT, "still here"));

		// Once a stalled request goes, its thread serves again.
		stalled.back().close();
		stalled.pop_back();
		CPPUNIT_ASSERT(waitFor([&] { return server.server().metrics().httpConnections() < 4; }));
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(server.port(), "/index.html")));
		// That request's thread may still be finishing after its response arrived.
		CPPUNIT_ASSERT(waitFor([&] { return server.server().metrics().httpConnections() < 4; }));
		TestWebSocketClient again(server.port());
		CPPUNIT_ASSERT_EQUAL(101, again.status());
		CPPUNIT_ASSERT_EQUAL(std::string("back"), again.echo(TEXT, "back"));
	}

	void testSessionLimitAnswers503()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.maxThreads = 6;
		settings.webSocket.maxSessions = 2;
		TestServer server(settings);
		TestWebSocketClient first(server.port());
		TestWebSocketClient second(server.port());
		CPPUNIT_ASSERT_EQUAL(101, second.status());
		TestWebSocketClient third(server.port());
		CPPUNIT_ASSERT_EQUAL(503, third.status());
		CPPUNIT_ASSERT_EQUAL(std::string("5"), third.header("Retry-After"));
		CPPUNIT_ASSERT_EQUAL(std::string(), third.header("Sec-WebSocket-Accept"));
		CPPUNIT_ASSERT_EQUAL(std::string(), third.header("Upgrade"));
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(server.port(), "/index.html")));
		CPPUNIT_ASSERT(server.server().metrics().render(6, 2).find("pocows_rejected_total{reason=\"sessions\"} 1") != std::string::npos);
		closeCleanly(first);
		CPPUNIT_ASSERT(waitFor([&] { return server.server().openSessions() < 2; }));
		TestWebSocketClient fourth(server.port());
		CPPUNIT_ASSERT_EQUAL(101, fourth.status());
	}

	void testIdleSessionIsPingedAndKeptAlive()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.pingInterval = Poco::Timespan(0, 100000);
		settings.webSocket.receiveTimeout = Poco::Timespan(1, 0);
		TestServer server(settings);
		TestWebSocketClient client(server.port());
		// Answering each ping keeps the session open well past the receive timeout.
		const Poco::Timestamp start;
		int pings = 0;
		while (!start.isElapsed(2000000))
		{
			const TestWebSocketClient::Frame frame = client.receive();
			CPPUNIT_ASSERT_EQUAL(static_cast<int>(PING), static_cast<int>(frame.opcode));
			client.send(PONG, frame.payload);
			++pings;
		}
		CPPUNIT_ASSERT(pings >= 5);
		CPPUNIT_ASSERT_EQUAL(std::string("alive"), client.echo(TEXT, "alive"));
		// A peer that stops answering is closed once the receive timeout has passed.
		const Poco::Timestamp silent;
		TestWebSocketClient::Frame frame = client.receive();
		while (frame.opcode == PING) frame = client.receive();
		CPPUNIT_ASSERT(silent.elapsed() >= 900000);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), frame.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("idle timeout"), frame.closeReason());
	}

	void testPeerThatStopsReadingIsCutOff()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.sendTimeout = Poco::Timespan(0, 500000);
		TestServer server(settings);
		TestWebSocketClient stalled(server.port());
		TestWebSocketClient healthy(server.port());
		// The stalled client sends large messages and reads nothing: the
		// server's echoes fill both socket buffers and its send blocks.
		stalled.socket().setSendTimeout(Poco::Timespan(0, 200000));
		const std::string big(1024*1024, 'x');
		const Poco::Timestamp start;
		try
		{
			for (int i = 0; i < 64; ++i) stalled.send(BINARY, big);
		}
		catch (Poco::Exception&)
		{
			// Our own send timed out, or the server has already cut us off.
		}
		// Meanwhile another session is served as usual.
		CPPUNIT_ASSERT_EQUAL(std::string("unaffected"), healthy.echo(TEXT, "unaffected"));
		CPPUNIT_ASSERT(waitFor([&] { return server.server().openSessions() == 1; }));
		const Poco::Timestamp::TimeDiff cutOff = start.elapsed();
		CPPUNIT_ASSERT_MESSAGE("cut off after " + std::to_string(cutOff) + " us", cutOff < 10000000);
		std::cout << " [reader that stalls, sendTimeout 0.5 s: cut off after " << cutOff/1000 << " ms]";
		CPPUNIT_ASSERT_EQUAL(std::string("still fine"), healthy.echo(TEXT, "still fine"));
	}

	void testSlowRequestIsCutOff()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.requestTimeout = Poco::Timespan(0, 500000);
		TestServer server(settings);
		Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
		const std::string request = "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'z') + "\r\n\r\n";
		// One byte every 50 ms: each read is quick, the whole request is not.
		const Poco::Timestamp start;
		std::size_t sent = 0;
		bool closedByServer = false;
		try
		{
			for (; sent < request.size() && !closedByServer; ++sent)
			{
				socket.sendBytes(&request[sent], 1);
				if (socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ))
				{
					char buffer[256];
					closedByServer = socket.receiveBytes(buffer, sizeof(buffer)) == 0;
				}
			}
		}
		catch (Poco::Exception&)
		{
			closedByServer = true;
		}
		const Poco::Timestamp::TimeDiff cutOff = start.elapsed();
		CPPUNIT_ASSERT(closedByServer);
		CPPUNIT_ASSERT(sent < request.size());
		CPPUNIT_ASSERT(cutOff >= 450000);
		std::cout << " [slow request, requestTimeout 0.5 s: cut off after " << cutOff/1000 << " ms, " << sent << " bytes in]";
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(server.port(), "/index.html")));
	}

	void testIdleKeepAliveConnectionIsClosed()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.keepAliveTimeout = Poco::Timespan(0, 300000);
		TestServer server(settings);
		Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
		socket.setReceiveTimeout(Poco::Timespan(10, 0));
		const std::string request = "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		socket.sendBytes(request.data(), static_cast<int>(request.size()));
		std::string received;
		char buffer[4096];
		int n;
		Poco::Timestamp lastData;
		while ((n = socket.receiveBytes(buffer, sizeof(buffer))) > 0)
		{
			received.append(buffer, static_cast<std::size_t>(n));
			lastData.update();
		}
		CPPUNIT_ASSERT_EQUAL(200, statusOf(received));
		CPPUNIT_ASSERT(received.find("Connection: Keep-Alive") != std::string::npos);
		CPPUNIT_ASSERT(lastData.elapsed() >= 250000);
	}

	void testHealthCheck()
	{
		TestServer server;
		const std::string response = httpGet(server.port(), "/healthz");
		CPPUNIT_ASSERT_EQUAL(200, statusOf(response));
		CPPUNIT_ASSERT(response.find("Content-Type: application/json") != std::string::npos);
		CPPUNIT_ASSERT(response.find("{\"status\":\"ok\",\"version\":\"" POCOWS_VERSION "\",\"uptimeSeconds\":") != std::string::npos);
		CPPUNIT_ASSERT(response.find("\"runAsService\":false}") != std::string::npos);
	}

	void testMetrics()
	{
		TestServer server;
		{
			TestWebSocketClient client(server.port());
			CPPUNIT_ASSERT_EQUAL(std::string("12345"), client.echo(TEXT, "12345"));
			closeCleanly(client);
		}
		CPPUNIT_ASSERT_EQUAL(404, statusOf(httpGet(server.port(), "/nope")));
		// A request is counted once its thread is done with it, which may be
		// just after the client has its response.
		CPPUNIT_ASSERT(waitFor([&] { return server.server().metrics().openConnections() == 0; }));
		const std::string response = httpGet(server.port(), "/metrics");
		CPPUNIT_ASSERT_EQUAL(200, statusOf(response));
		CPPUNIT_ASSERT(response.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
		for (const char* sample: {
			"# TYPE pocows_connections_total counter\n",
			"\npocows_websocket_sessions_total 1\n",
			"\npocows_websocket_sessions_open 0\n",
			"\npocows_websocket_messages_total{direction=\"in\"} 1\n",
			"\npocows_websocket_messages_total{direction=\"out\"} 1\n",
			"\npocows_websocket_bytes_total{direction=\"in\"} 5\n",
			"\npocows_websocket_closes_total{code=\"1000\"} 1\n",
			"\npocows_http_requests_total{class=\"1xx\"} 1\n",
			"\npocows_http_requests_total{class=\"4xx\"} 1\n",
			"\npocows_threads_max 32\n",
			"\npocows_rejected_total{reason=\"threads\"} 0\n"})
		{
			CPPUNIT_ASSERT_MESSAGE(sample, response.find(sample) != std::string::npos);
		}
	}

	void testStatusPathsCanBeTurnedOff()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.status.healthPath = "";
		settings.status.metricsPath = "/internal/metrics";
		TestServer server(settings);
		CPPUNIT_ASSERT_EQUAL(404, statusOf(httpGet(server.port(), "/healthz")));
		CPPUNIT_ASSERT_EQUAL(404, statusOf(httpGet(server.port(), "/metrics")));
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(server.port(), "/internal/metrics")));
	}

	void testMetricsLoopbackCheck()
	{
		CPPUNIT_ASSERT(StatusHandler::isLoopback(Poco::Net::IPAddress("127.0.0.1")));
		CPPUNIT_ASSERT(StatusHandler::isLoopback(Poco::Net::IPAddress("127.8.9.10")));
		CPPUNIT_ASSERT(StatusHandler::isLoopback(Poco::Net::IPAddress("::1")));
		CPPUNIT_ASSERT(StatusHandler::isLoopback(Poco::Net::IPAddress("::ffff:127.0.0.1")));
		CPPUNIT_ASSERT(!StatusHandler::isLoopback(Poco::Net::IPAddress("10.1.2.3")));
		CPPUNIT_ASSERT(!StatusHandler::isLoopback(Poco::Net::IPAddress("::ffff:10.1.2.3")));
		CPPUNIT_ASSERT(!StatusHandler::isLoopback(Poco::Net::IPAddress("2001:db8::1")));
	}

	void testAccessLog()
	{
		Poco::AutoPtr<CapturingChannel> channel = new CapturingChannel;
		Poco::Logger& accessLog = Poco::Logger::get("pocows.access");
		accessLog.setChannel(channel);
		accessLog.setLevel(Poco::Message::PRIO_INFORMATION);
		{
			TestServer server;
			httpGet(server.port(), "/style.css?v=1");
			httpGet(server.port(), "/missing");
		}
		accessLog.setChannel(nullptr);
		const std::vector<std::string> lines = channel->lines();
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(2), lines.size());
		CPPUNIT_ASSERT(lines[0].find("127.0.0.1:") == 0);
		CPPUNIT_ASSERT(lines[0].find(" \"GET /style.css?v=1 HTTP/1.1\" 200 22 ") != std::string::npos);
		CPPUNIT_ASSERT(lines[1].find(" \"GET /missing HTTP/1.1\" 404 ") != std::string::npos);
		CPPUNIT_ASSERT(lines[1].find("ms") == lines[1].size() - 2);
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(OperationsTest, "Operations");


} // namespace pocows
