//
// WebSocketServiceTest.cpp
//
// The echo service over real sockets, against the real server on an ephemeral port.
//


#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "rfc6455/WebSocketHandshake.h"
#include "Poco/Net/NetException.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <iostream>
#include <thread>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	std::string pattern(std::size_t size)
	{
		std::string data(size, '\0');
		for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 131 + size) & 0xFF);
		return data;
	}
}


class WebSocketServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WebSocketServiceTest);
	CPPUNIT_TEST(testHandshakeSelectsEcho);
	CPPUNIT_TEST(testRefusedWithoutSubprotocol);
	CPPUNIT_TEST(testRefusedBadHandshakes);
	CPPUNIT_TEST(testEchoesTextAndBinaryOfEverySize);
	CPPUNIT_TEST(testEchoesFragmentedMessageWithPingsBetween);
	CPPUNIT_TEST(testPipelinedMessagesInOrder);
	CPPUNIT_TEST(testFramesSentWithTheHandshake);
	CPPUNIT_TEST(testPongIsIgnored);
	CPPUNIT_TEST(testInvalidUtf8Closes1007WithoutEcho);
	CPPUNIT_TEST(testInvalidUtf8FailsBeforeMessageEnds);
	CPPUNIT_TEST(testProtocolViolationsClose1002);
	CPPUNIT_TEST(testMessageTooBigCloses1009);
	CPPUNIT_TEST(testCloseHandshake);
	CPPUNIT_TEST(testDataAfterCloseIsNotEchoed);
	CPPUNIT_TEST(testReceiveTimeoutCloses1001);
	CPPUNIT_TEST(testTimeoutInsideFrameCloses);
	CPPUNIT_TEST(testPeerVanishing);
	CPPUNIT_TEST(testStopClosesSessionsWith1001);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.maxMessageSize = 4*1024*1024;
		_server = std::make_unique<TestServer>(settings);
	}

	void tearDown() override
	{
		_server.reset();
	}

	void testHandshakeSelectsEcho()
	{
		TestWebSocketClient client(_server->port(), "chat, echo");
		CPPUNIT_ASSERT_EQUAL(101, client.status());
		CPPUNIT_ASSERT_EQUAL(std::string("echo"), client.header("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT_EQUAL(WebSocketHandshake::computeAccept(TestWebSocketClient::SAMPLE_KEY), client.header("Sec-WebSocket-Accept"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), client.header("Sec-WebSocket-Extensions"));
		CPPUNIT_ASSERT_EQUAL(std::string("hi"), client.echo(TEXT, "hi"));
	}

	void testRefusedWithoutSubprotocol()
	{
		for (const char* protocols: {"", "chat", "ECHO"})
		{
			TestWebSocketClient client(_server->port(), protocols);
			CPPUNIT_ASSERT_EQUAL(400, client.status());
			CPPUNIT_ASSERT(client.responseBody().find("subprotocol \"echo\"") != std::string::npos);
			CPPUNIT_ASSERT(client.receiveEnd());
		}
	}

	void testRefusedBadHandshakes()
	{
		const std::string good = TestWebSocketClient::handshakeRequest("echo");
		std::string wrongVersion = good;
		wrongVersion.replace(wrongVersion.find("Version: 13"), 11, "Version: 8");
		TestWebSocketClient version(_server->port(), wrongVersion, true);
		CPPUNIT_ASSERT_EQUAL(426, version.status());
		CPPUNIT_ASSERT_EQUAL(std::string("13"), version.header("Sec-WebSocket-Version"));

		std::string badKey = good;
		badKey.replace(badKey.find(TestWebSocketClient::SAMPLE_KEY), 4, "!!!!");
		CPPUNIT_ASSERT_EQUAL(400, TestWebSocketClient(_server->port(), badKey, true).status());

		std::string post = good;
		post.replace(0, 3, "POST");
		TestWebSocketClient postClient(_server->port(), post, true);
		CPPUNIT_ASSERT_EQUAL(405, postClient.status());
		CPPUNIT_ASSERT_EQUAL(std::string("GET"), postClient.header("Allow"));

		TestWebSocketClient plain(_server->port(), "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n", true);
		CPPUNIT_ASSERT_EQUAL(426, plain.status());
		// RFC 9110 section 7.8: a sender of Upgrade also names it in Connection;
		// the connection still ends after the error.
		CPPUNIT_ASSERT_EQUAL(std::string("websocket"), plain.header("Upgrade"));
		CPPUNIT_ASSERT_EQUAL(std::string("Upgrade, close"), plain.header("Connection"));
		plain.responseBody();
		plain.sendRaw("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
		CPPUNIT_ASSERT_MESSAGE("a second request was answered", plain.receiveEnd());
	}

	void testEchoesTextAndBinaryOfEverySize()
	{
		TestWebSocketClient client(_server->port());
		for (std::size_t size: {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 65537u, 1024u*1024u + 3u})
		{
			const std::string binary = pattern(size);
			CPPUNIT_ASSERT(client.echo(BINARY, binary) == binary);
			const std::string text(size, 'T');
			CPPUNIT_ASSERT(client.echo(TEXT, text) == text);
		}
		const std::string unicode = "κόσμε 世界 😀 \xF4\x8F\xBF\xBF";
		CPPUNIT_ASSERT_EQUAL(unicode, client.echo(TEXT, unicode));
	}

	void testEchoesFragmentedMessageWithPingsBetween()
	{
		TestWebSocketClient client(_server->port());
		client.sendRaw(TestWebSocketClient::frame(TEXT, "Hello, \xE2\x82", false)
			+ TestWebSocketClient::frame(PING, "are you there?")
			+ TestWebSocketClient::frame(CONT, "\xAC", false)
			+ TestWebSocketClient::frame(CONT, " world"));
		const TestWebSocketClient::Frame pong = client.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(PONG), static_cast<int>(pong.opcode));
		CPPUNIT_ASSERT_EQUAL(std::string("are you there?"), pong.payload);
		const TestWebSocketClient::Frame echo = client.receive();
		CPPUNIT_ASSERT(echo.fin);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(TEXT), static_cast<int>(echo.opcode));
		CPPUNIT_ASSERT_EQUAL(std::string("Hello, \xE2\x82\xAC world"), echo.payload);

		const std::string big = pattern(300000);
		client.sendRaw(TestWebSocketClient::frame(BINARY, big.substr(0, 100000), false)
			+ TestWebSocketClient::frame(CONT, big.substr(100000, 1), false)
			+ TestWebSocketClient::frame(CONT, "", false)
			+ TestWebSocketClient::frame(CONT, big.substr(100001)));
		const TestWebSocketClient::Frame bigEcho = client.receive();
		CPPUNIT_ASSERT(bigEcho.fin);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(BINARY), static_cast<int>(bigEcho.opcode));
		CPPUNIT_ASSERT(bigEcho.payload == big);
	}

	void testPipelinedMessagesInOrder()
	{
		TestWebSocketClient client(_server->port());
		std::string burst;
		for (int i = 0; i < 500; ++i) burst += TestWebSocketClient::frame(i % 2 ? BINARY : TEXT, "message " + std::to_string(i));
		client.sendRaw(burst);
		for (int i = 0; i < 500; ++i)
		{
			const TestWebSocketClient::Frame frame = client.receive();
			CPPUNIT_ASSERT_EQUAL(static_cast<int>(i % 2 ? BINARY : TEXT), static_cast<int>(frame.opcode));
			CPPUNIT_ASSERT_EQUAL("message " + std::to_string(i), frame.payload);
		}
	}

	void testFramesSentWithTheHandshake()
	{
		TestWebSocketClient client(_server->port(), "echo", TestWebSocketClient::frame(TEXT, "early") + TestWebSocketClient::frame(BINARY, "bird"));
		CPPUNIT_ASSERT_EQUAL(101, client.status());
		CPPUNIT_ASSERT_EQUAL(std::string("early"), client.receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("bird"), client.receive().payload);
	}

	void testPongIsIgnored()
	{
		TestWebSocketClient client(_server->port());
		client.send(PONG, "unsolicited");
		CPPUNIT_ASSERT_EQUAL(std::string("after"), client.echo(TEXT, "after"));
	}

	void testInvalidUtf8Closes1007WithoutEcho()
	{
		TestWebSocketClient client(_server->port());
		client.sendRaw(TestWebSocketClient::frame(TEXT, "fine") + TestWebSocketClient::frame(TEXT, "bad \xC0\xAF"));
		CPPUNIT_ASSERT_EQUAL(std::string("fine"), client.receive().payload);
		expectClose(client, 1007);
	}

	void testInvalidUtf8FailsBeforeMessageEnds()
	{
		// Only the first of several fragments is sent; the server must not wait for the rest.
		TestWebSocketClient client(_server->port());
		client.send(TEXT, "abc\xFF", false);
		expectClose(client, 1007);
	}

	void testProtocolViolationsClose1002()
	{
		const std::vector<std::string> violations = {
			TestWebSocketClient::frame(TEXT, "rsv", true, 0x4),
			TestWebSocketClient::frame(0x3, "reserved opcode"),
			TestWebSocketClient::frame(0xB, ""),
			TestWebSocketClient::frame(TEXT, "unmasked", true, 0, false),
			TestWebSocketClient::frame(PING, std::string(126, 'p')),
			TestWebSocketClient::frame(PING, "fragmented", false),
			TestWebSocketClient::frame(CONT, "no start"),
			TestWebSocketClient::frame(TEXT, "one", false) + TestWebSocketClient::frame(BINARY, "two"),
			TestWebSocketClient::frame(CLOSE, "x"),
			TestWebSocketClient::frame(CLOSE, TestWebSocketClient::closePayload(1005)),
			TestWebSocketClient::frame(CLOSE, TestWebSocketClient::closePayload(999)),
			std::string("\x82\xFF\x80\x00\x00\x00\x00\x00\x00\x00" "MASK", 14)  // a length with its top bit set
		};
		for (const std::string& violation: violations)
		{
			TestWebSocketClient client(_server->port());
			client.sendRaw(violation);
			expectClose(client, 1002);
		}
		TestWebSocketClient badReason(_server->port());
		badReason.send(CLOSE, TestWebSocketClient::closePayload(1000, "\xFF"));
		expectClose(badReason, 1007);
	}

	void testMessageTooBigCloses1009()
	{
		TestWebSocketClient single(_server->port());
		single.sendRaw(std::string("\x82\xFF\x00\x00\x00\x10\x00\x00\x00\x00" "MASK", 14));  // announces 64 GiB
		expectClose(single, 1009);

		// Many small fragments that add up past the limit.
		TestWebSocketClient fragments(_server->port());
		const std::string piece(1024*1024, 'f');
		fragments.send(BINARY, piece, false);
		for (int i = 0; i < 3; ++i) fragments.send(CONT, piece, false);
		const Poco::Timestamp start;
		fragments.send(CONT, piece, false);  // past the 4 MiB limit
		expectClose(fragments, 1009);
		std::cout << " [fragments past maxMessageSize: close 1009 after " << start.elapsed()/1000 << " ms]";
	}

	void testCloseHandshake()
	{
		TestWebSocketClient withCode(_server->port());
		withCode.send(CLOSE, TestWebSocketClient::closePayload(4001, "done"));
		expectClose(withCode, 4001);

		TestWebSocketClient withoutCode(_server->port());
		withoutCode.send(CLOSE, "");
		expectClose(withoutCode, 1000);
	}

	void testDataAfterCloseIsNotEchoed()
	{
		TestWebSocketClient client(_server->port());
		client.sendRaw(TestWebSocketClient::frame(CLOSE, TestWebSocketClient::closePayload(1000)) + TestWebSocketClient::frame(TEXT, "too late"));
		expectClose(client, 1000);
	}

	void testReceiveTimeoutCloses1001()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.receiveTimeout = Poco::Timespan(0, 300000);
		TestServer server(settings);
		TestWebSocketClient client(server.port());
		CPPUNIT_ASSERT_EQUAL(std::string("still here"), client.echo(TEXT, "still here"));
		const Poco::Timestamp idleSince;
		const TestWebSocketClient::Frame close = client.receive();
		CPPUNIT_ASSERT(idleSince.elapsed() >= 250000);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(close.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), close.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("idle timeout"), close.closeReason());
		client.send(CLOSE, TestWebSocketClient::closePayload(1001));
		CPPUNIT_ASSERT(client.receiveEnd());
	}

	void testTimeoutInsideFrameCloses()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.receiveTimeout = Poco::Timespan(0, 300000);
		TestServer server(settings);
		TestWebSocketClient client(server.port());
		client.sendRaw(TestWebSocketClient::frame(TEXT, "half a frame").substr(0, 9));
		expectClose(client, 1001);
	}

	void testPeerVanishing()
	{
		{
			TestWebSocketClient client(_server->port());
			client.sendRaw(TestWebSocketClient::frame(BINARY, pattern(1000)).substr(0, 500));
		}
		// The server is unharmed and serves the next client.
		TestWebSocketClient next(_server->port());
		CPPUNIT_ASSERT_EQUAL(std::string("next"), next.echo(TEXT, "next"));
	}

	void testStopClosesSessionsWith1001()
	{
		std::vector<std::unique_ptr<TestWebSocketClient>> clients;
		for (int i = 0; i < 5; ++i)
		{
			clients.push_back(std::make_unique<TestWebSocketClient>(_server->port()));
			CPPUNIT_ASSERT_EQUAL(std::string("ready"), clients.back()->echo(TEXT, "ready"));
		}
		std::thread stopper([this] { _server->server().stop(); });
		for (auto& client: clients) client->answerShutdown();
		stopper.join();
		for (auto& client: clients) CPPUNIT_ASSERT(client->receiveEnd());
	}

private:
	static void expectClose(TestWebSocketClient& client, unsigned short code)
		/// The next frame must be a close with code (so nothing was echoed
		/// before it), and then the server must end the connection.
	{
		const TestWebSocketClient::Frame frame = client.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(frame.opcode));
		CPPUNIT_ASSERT_EQUAL(code, frame.closeCode());
		CPPUNIT_ASSERT(client.receiveEnd());
	}

	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebSocketServiceTest, "WebSocketService");


} // namespace pocows
