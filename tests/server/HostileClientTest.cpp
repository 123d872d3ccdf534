//
// HostileClientTest.cpp
//
// Clients that misbehave on purpose: each costs at most its own connection,
// for a bounded time, and everyone else is served as usual.
//


#include "support/TestHttp.h"
#include "support/TestProcess.h"
#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	void reset(Poco::Net::StreamSocket& socket)
		/// Ends the connection with a TCP reset instead of a FIN.
	{
		socket.setLinger(true, 0);
		socket.close();
	}
}


class HostileClientTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HostileClientTest);
	CPPUNIT_TEST(testPingFlood);
	CPPUNIT_TEST(testHugeAnnouncedFrame);
	CPPUNIT_TEST(testResetInTheMiddleOfAFrame);
	CPPUNIT_TEST(testResetInTheMiddleOfTheHandshake);
	CPPUNIT_TEST(testResetInTheMiddleOfADownload);
	CPPUNIT_TEST(testHalfClosedClient);
	CPPUNIT_TEST(testManySessionsFromOneAddress);
	CPPUNIT_TEST(testManyConnectionsFromOneAddress);
	CPPUNIT_TEST(testOversizedRequests);
	CPPUNIT_TEST(testCrossSiteOrigin);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.maxThreads = 256;
		settings.webSocket.maxSessions = 240;
		_server = std::make_unique<TestServer>(settings);
	}

	void tearDown() override
	{
		_server.reset();
	}

	void testPingFlood()
	{
		// 5000 pings of the largest allowed payload, as fast as they can be
		// written: each is answered with its pong, in order, and the session lives on.
		TestWebSocketClient flooder(_server->port());
		flooder.socket().setSendTimeout(Poco::Timespan(10, 0));
		const std::string payload(125, 'p');
		std::string flood;
		for (int i = 0; i < 5000; ++i) flood += TestWebSocketClient::frame(PING, payload);
		// Sent from a thread of its own while the pongs are read here, so that
		// neither side's socket buffers need to hold the whole flood.
		bool sent = false;
		std::thread sender([&]
		{
			try
			{
				flooder.sendRaw(flood);
				sent = true;
			}
			catch (Poco::Exception&)
			{
			}
		});
		std::string bystanderEcho;
		int pongs = 0;
		const Poco::Timestamp start;
		try
		{
			TestWebSocketClient bystander(_server->port());
			bystanderEcho = bystander.echo(TEXT, "unaffected");
			for (; pongs < 5000; ++pongs)
			{
				const TestWebSocketClient::Frame pong = flooder.receive();
				if (pong.opcode != PONG || pong.payload != payload) break;
			}
		}
		catch (Poco::Exception&)
		{
			// Reported by the assertions below, once the sender has stopped.
		}
		sender.join();
		std::cout << " [" << pongs << " pongs in " << start.elapsed()/1000 << " ms]";
		CPPUNIT_ASSERT(sent);
		CPPUNIT_ASSERT_EQUAL(std::string("unaffected"), bystanderEcho);
		CPPUNIT_ASSERT_EQUAL(5000, pongs);
		CPPUNIT_ASSERT_EQUAL(std::string("still here"), flooder.echo(TEXT, "still here"));
	}

	void testHugeAnnouncedFrame()
	{
		// A header announcing 2^63 - 1 bytes is refused before a byte of it is read.
		TestWebSocketClient client(_server->port());
		const Poco::Timestamp start;
		client.sendRaw(std::string("\x82\xFF\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF" "MASK", 14));
		const TestWebSocketClient::Frame close = client.receive();
		std::cout << " [close after " << start.elapsed() << " us]";
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(close.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1009), close.closeCode());
	}

	void testResetInTheMiddleOfAFrame()
	{
		{
			TestWebSocketClient client(_server->port());
			client.sendRaw(TestWebSocketClient::frame(BINARY, std::string(10000, 'x')).substr(0, 5000));
			reset(client.socket());
		}
		expectNothingLeft();
	}

	void testResetInTheMiddleOfTheHandshake()
	{
		{
			Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", _server->port()));
			const std::string half = TestWebSocketClient::handshakeRequest("echo").substr(0, 40);
			socket.sendBytes(half.data(), static_cast<int>(half.size()));
			reset(socket);
		}
		expectNothingLeft();
	}

	void testResetInTheMiddleOfADownload()
	{
		_server->files().write("htdocs/big.bin", std::string(16*1024*1024, 'b'));
		for (int i = 0; i < 10; ++i)
		{
			Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", _server->port()));
			const std::string get = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
			socket.sendBytes(get.data(), static_cast<int>(get.size()));
			char buffer[4096];
			socket.receiveBytes(buffer, sizeof(buffer));
			reset(socket);
		}
		expectNothingLeft();
	}

	void testHalfClosedClient()
	{
		// A client that says all it has to say and shuts its side still gets
		// its answer; the session then ends.
		TestWebSocketClient client(_server->port());
		client.send(TEXT, "last words");
		client.socket().shutdownSend();
		CPPUNIT_ASSERT_EQUAL(std::string("last words"), client.receive().payload);
		CPPUNIT_ASSERT(client.receiveEnd());
		expectNothingLeft();
	}

	void testManySessionsFromOneAddress()
	{
		// The default limit per address (128) is below the server's own (240).
		const std::size_t limit = ServerSettings().webSocket.maxSessionsPerAddress;
		std::vector<std::unique_ptr<TestWebSocketClient>> clients;
		int refused = 0;
		for (int i = 0; i < 200; ++i)
		{
			auto client = std::make_unique<TestWebSocketClient>(_server->port());
			if (clients.size() < limit)
			{
				CPPUNIT_ASSERT_EQUAL(101, client->status());
				clients.push_back(std::move(client));
				continue;
			}
			CPPUNIT_ASSERT_EQUAL(503, client->status());
			CPPUNIT_ASSERT_EQUAL(std::string("5"), client->header("Retry-After"));
			++refused;
		}
		for (std::size_t i = 0; i < clients.size(); ++i)
			CPPUNIT_ASSERT_EQUAL(std::to_string(i), clients[i]->echo(TEXT, std::to_string(i)));
		// Another address still gets a session, and this one its files.
		TestWebSocketClient other(_server->port(), "echo", "", "127.0.0.2");
		CPPUNIT_ASSERT_EQUAL(std::string("other"), other.echo(TEXT, "other"));
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(_server->port(), "/index.html")));
		CPPUNIT_ASSERT_EQUAL(200 - static_cast<int>(limit), refused);
		const std::string metrics = _server->server().metrics().render(256, 0);
		CPPUNIT_ASSERT(metrics.find("pocows_rejected_total{reason=\"address_sessions\"} " + std::to_string(refused)) != std::string::npos);
		CPPUNIT_ASSERT(metrics.find("pocows_rejected_total{reason=\"sessions\"} 0") != std::string::npos);
		// A place given back is free again.
		clients.front()->send(CLOSE, TestWebSocketClient::closePayload(1000));
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(clients.front()->receive().opcode));
		CPPUNIT_ASSERT(clients.front()->receiveEnd());
		CPPUNIT_ASSERT(waitFor([&] { return _server->server().openSessions() == limit; }));
		TestWebSocketClient again(_server->port());
		CPPUNIT_ASSERT_EQUAL(101, again.status());
	}

	void testManyConnectionsFromOneAddress()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.maxConnectionsPerAddress = 4;
		_server = std::make_unique<TestServer>(settings);
		// Four idle connections, a session among them, hold the address's places.
		std::vector<std::unique_ptr<Poco::Net::StreamSocket>> idle;
		for (int i = 0; i < 3; ++i)
			idle.push_back(std::make_unique<Poco::Net::StreamSocket>(Poco::Net::SocketAddress("127.0.0.1", _server->port())));
		TestWebSocketClient session(_server->port());
		CPPUNIT_ASSERT_EQUAL(101, session.status());
		CPPUNIT_ASSERT(waitFor([&] { return _server->server().metrics().openConnections() == 4; }));

		const std::string refused = httpGet(_server->port(), "/index.html");
		CPPUNIT_ASSERT_EQUAL(503, statusOf(refused));
		CPPUNIT_ASSERT(refused.find("Retry-After: 5") != std::string::npos);
		TestWebSocketClient refusedSession(_server->port());
		CPPUNIT_ASSERT_EQUAL(503, refusedSession.status());
		// Another address is served meanwhile, and the session goes on.
		TestWebSocketClient other(_server->port(), "echo", "", "127.0.0.2");
		CPPUNIT_ASSERT_EQUAL(std::string("other"), other.echo(TEXT, "other"));
		CPPUNIT_ASSERT_EQUAL(std::string("still"), session.echo(TEXT, "still"));
		const std::string metrics = _server->server().metrics().render(32, 0);
		CPPUNIT_ASSERT(metrics.find("pocows_rejected_total{reason=\"address_connections\"} 2") != std::string::npos);

		// A connection that closes gives its place back.
		idle.front()->close();
		CPPUNIT_ASSERT(waitFor([&] { return _server->server().metrics().openConnections() == 4; }));
		CPPUNIT_ASSERT_EQUAL(200, statusOf(httpGet(_server->port(), "/index.html")));
	}

	void testOversizedRequests()
	{
		// POCO's request parser bounds the request line, each header and the
		// number of headers, and answers 400 as soon as one is past its bound.
		std::string manyHeaders;
		for (int i = 0; i < 5000; ++i) manyHeaders += "X-Header-" + std::to_string(i) + ": x\r\n";
		const std::vector<std::pair<std::string, std::string>> requests = {
			{"request line of 64 KiB", "GET /" + std::string(64*1024, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
			{"header of 64 KiB", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(64*1024, 'b') + "\r\n\r\n"},
			{"header name of 4 KiB", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(4096, 'n') + ": x\r\n\r\n"},
			{"5000 headers", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + manyHeaders + "\r\n"}};
		for (const auto& request: requests)
		{
			const Poco::Timestamp start;
			CPPUNIT_ASSERT_EQUAL_MESSAGE(request.first, 400, statusOf(talk(_server->port(), request.second)));
			std::cout << " [" << request.first << ": 400 after " << start.elapsed() << " us]";
		}
		expectNothingLeft();
	}

	void testCrossSiteOrigin()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.allowedOrigins = OriginList("https://pocows.example");
		TestServer server(settings);

		TestWebSocketClient crossSite(server.port(), TestWebSocketClient::handshakeRequest("echo", "Origin: https://evil.example\r\n"), true);
		CPPUNIT_ASSERT_EQUAL(403, crossSite.status());
		CPPUNIT_ASSERT(crossSite.header("Sec-WebSocket-Accept").empty());

		TestWebSocketClient sameSite(server.port(), TestWebSocketClient::handshakeRequest("echo", "Origin: https://pocows.example\r\n"), true);
		CPPUNIT_ASSERT_EQUAL(101, sameSite.status());
		CPPUNIT_ASSERT_EQUAL(std::string("welcome"), sameSite.echo(TEXT, "welcome"));

		TestWebSocketClient program(server.port());
		CPPUNIT_ASSERT_EQUAL(std::string("no origin"), program.echo(TEXT, "no origin"));
	}

private:
	void expectNothingLeft()
		/// No session and no connection is left behind, and the server still serves.
	{
		const Poco::Timestamp start;
		CPPUNIT_ASSERT(waitFor([&] { return _server->server().metrics().openConnections() == 0; }));
		std::cout << " [no connection left " << start.elapsed()/1000 << " ms after the client was done]";
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(0), _server->server().openSessions());
		TestWebSocketClient next(_server->port());
		CPPUNIT_ASSERT_EQUAL(std::string("next"), next.echo(TEXT, "next"));
	}

	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HostileClientTest, "HostileClients");


} // namespace pocows
