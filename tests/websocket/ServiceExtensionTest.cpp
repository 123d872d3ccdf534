//
// ServiceExtensionTest.cpp
//
// The extension point as a service author uses it, against the real server:
// routes that choose a subprotocol or refuse, a session's own receive
// timeout, and messages sent in fragments.
//


#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "websocket/WebSocketSession.h"
#include "Poco/Exception.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/URI.h"
#include <cppunit/extensions/HelperMacros.h>
#include <algorithm>
#include <memory>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	class NamingSession: public WebSocketSession
		/// Says which subprotocol it was chosen for, and what the query was.
	{
	public:
		explicit NamingSession(const std::string& name):
			_name(name)
		{
		}

		void run(const Poco::Net::HTTPRequest& request, WebSocketConnection& connection) override
		{
			connection.sendText(_name + " " + Poco::URI(request.getURI()).getQuery());
			WebSocketMessage message;
			while (connection.receiveMessage(message)) connection.sendMessage(message);
		}

	private:
		std::string _name;
	};

	class ImpatientSession: public WebSocketSession
		/// Waits for messages a fifth of a second at most.
	{
	public:
		void run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection) override
		{
			connection.setReceiveTimeout(Poco::Timespan(0, 200000));
			WebSocketMessage message;
			while (connection.receiveMessage(message)) connection.sendMessage(message);
		}
	};

	class StreamingSession: public WebSocketSession
		/// For each message received, streams a text message of three
		/// fragments back; between the first and the second it reads the
		/// next message, so a ping sent meanwhile is answered between them.
		/// It also tries what must be refused, and reports each refusal.
	{
	public:
		void run(const Poco::Net::HTTPRequest&, WebSocketConnection& connection) override
		{
			WebSocketMessage message;
			while (connection.receiveMessage(message))
			{
				connection.sendText("w\xC3", false);
				std::string refusals;
				try
				{
					connection.sendBinary("b", 1);
				}
				catch (Poco::InvalidAccessException&)
				{
					refusals += " binary";
				}
				if (!connection.receiveMessage(message)) return;
				try
				{
					connection.sendText("\xFF", false);
				}
				catch (Poco::InvalidArgumentException&)
				{
					refusals += " utf8";
				}
				connection.sendText("\xB6rld", false);
				connection.sendText(refusals, true);
			}
		}
	};

	SessionDecision chooseChatVersion(const Poco::Net::HTTPRequest&, const std::vector<std::string>& offered)
	{
		for (const char* version: {"chat.v2", "chat.v1"})
		{
			if (std::find(offered.begin(), offered.end(), version) != offered.end())
				return SessionDecision::accept(std::make_unique<NamingSession>(version), version);
		}
		return SessionDecision::refuse("Offer chat.v2 or chat.v1.");
	}

	SessionDecision roomByQuery(const Poco::Net::HTTPRequest& request, const std::vector<std::string>&)
	{
		const Poco::URI uri(request.getURI());
		if (uri.getQuery().find("room=") == std::string::npos) return SessionDecision::refuse("Name a room: /room?room=NAME.");
		return SessionDecision::accept(std::make_unique<NamingSession>("room"));
	}

	void addTestRoutes(WebSocketService& service)
	{
		service.addRoute("/chat", chooseChatVersion);
		service.addRoute("/room", roomByQuery);
		service.addRoute("/wrong", [](const Poco::Net::HTTPRequest&, const std::vector<std::string>&)
		{
			return SessionDecision::accept(std::make_unique<NamingSession>("wrong"), "never.offered");
		});
		service.addRoute("/impatient", "impatient", [] { return std::make_unique<ImpatientSession>(); });
		service.addRoute("/stream", "stream", [] { return std::make_unique<StreamingSession>(); });
	}

	std::unique_ptr<TestWebSocketClient> connect(Poco::UInt16 port, const std::string& target, const std::string& protocols)
	{
		return std::make_unique<TestWebSocketClient>(port, TestWebSocketClient::handshakeRequest(protocols, "", target), true);
	}
}


class ServiceExtensionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ServiceExtensionTest);
	CPPUNIT_TEST(testFactoryPicksAmongOfferedProtocols);
	CPPUNIT_TEST(testFactoryRefusesWithReason);
	CPPUNIT_TEST(testSessionWithoutSubprotocol);
	CPPUNIT_TEST(testProtocolNotOfferedIsServerError);
	CPPUNIT_TEST(testSessionSetsItsOwnReceiveTimeout);
	CPPUNIT_TEST(testStreamedMessageWithPongBetweenFragments);
	CPPUNIT_TEST(testEchoRouteUnchanged);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_server = std::make_unique<TestServer>(TestServer::defaultSettings(), addTestRoutes);
	}

	void tearDown() override
	{
		_server.reset();
	}

	void testFactoryPicksAmongOfferedProtocols()
	{
		// The service's preference decides, not the client's order.
		auto both = connect(_server->port(), "/chat", "chat.v1, chat.v2");
		CPPUNIT_ASSERT_EQUAL(101, both->status());
		CPPUNIT_ASSERT_EQUAL(std::string("chat.v2"), both->header("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT_EQUAL(std::string("chat.v2 "), both->receive().payload);
		auto old = connect(_server->port(), "/chat", "chat.v1");
		CPPUNIT_ASSERT_EQUAL(std::string("chat.v1"), old->header("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT_EQUAL(std::string("chat.v1 "), old->receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("still here"), old->echo(TEXT, "still here"));

		auto neither = connect(_server->port(), "/chat", "chat.v3");
		CPPUNIT_ASSERT_EQUAL(400, neither->status());
		CPPUNIT_ASSERT(neither->responseBody().find("Offer chat.v2 or chat.v1.") != std::string::npos);
	}

	void testFactoryRefusesWithReason()
	{
		auto refused = connect(_server->port(), "/room", "");
		CPPUNIT_ASSERT_EQUAL(400, refused->status());
		CPPUNIT_ASSERT_EQUAL(std::string(), refused->header("Sec-WebSocket-Accept"));
		CPPUNIT_ASSERT(refused->responseBody().find("Name a room: /room?room=NAME.") != std::string::npos);
		CPPUNIT_ASSERT(refused->receiveEnd());

		auto accepted = connect(_server->port(), "/room?room=lobby", "");
		CPPUNIT_ASSERT_EQUAL(101, accepted->status());
		CPPUNIT_ASSERT_EQUAL(std::string("room room=lobby"), accepted->receive().payload);
	}

	void testSessionWithoutSubprotocol()
	{
		// Offered protocols the service does not speak: it accepts without one.
		auto client = connect(_server->port(), "/room?room=x", "something, else");
		CPPUNIT_ASSERT_EQUAL(101, client->status());
		CPPUNIT_ASSERT_EQUAL(std::string(), client->header("Sec-WebSocket-Protocol"));
	}

	void testProtocolNotOfferedIsServerError()
	{
		auto client = connect(_server->port(), "/wrong", "mine");
		CPPUNIT_ASSERT_EQUAL(500, client->status());
		CPPUNIT_ASSERT_EQUAL(std::string(), client->header("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT_EQUAL(std::string(), client->header("Sec-WebSocket-Accept"));
	}

	void testSessionSetsItsOwnReceiveTimeout()
	{
		// websocket.receiveTimeout is a minute in these tests.
		auto client = connect(_server->port(), "/impatient", "impatient");
		CPPUNIT_ASSERT_EQUAL(std::string("quick"), client->echo(TEXT, "quick"));
		const TestWebSocketClient::Frame close = client->receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(close.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), close.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("idle timeout"), close.closeReason());
	}

	void testStreamedMessageWithPongBetweenFragments()
	{
		auto client = connect(_server->port(), "/stream", "stream");
		client->send(TEXT, "go");
		const TestWebSocketClient::Frame first = client->receive();
		CPPUNIT_ASSERT(!first.fin && first.opcode == TEXT && first.payload == "w\xC3");
		client->send(PING, "between");
		client->send(TEXT, "on");
		const TestWebSocketClient::Frame pong = client->receive();
		CPPUNIT_ASSERT(pong.opcode == PONG && pong.payload == "between");
		const TestWebSocketClient::Frame second = client->receive();
		CPPUNIT_ASSERT(!second.fin && second.opcode == CONT && second.payload == "\xB6rld");
		const TestWebSocketClient::Frame last = client->receive();
		CPPUNIT_ASSERT(last.fin && last.opcode == CONT);
		CPPUNIT_ASSERT_EQUAL(std::string(" binary utf8"), last.payload);
	}

	void testEchoRouteUnchanged()
	{
		TestWebSocketClient echo(_server->port(), "chat, echo");
		CPPUNIT_ASSERT_EQUAL(std::string("echo"), echo.header("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT_EQUAL(std::string("x"), echo.echo(BINARY, "x"));
		TestWebSocketClient refused(_server->port(), "chat");
		CPPUNIT_ASSERT_EQUAL(400, refused.status());
		CPPUNIT_ASSERT(refused.responseBody().find("This service requires the WebSocket subprotocol \"echo\"; offer it in Sec-WebSocket-Protocol.") != std::string::npos);
	}

private:
	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ServiceExtensionTest, "ServiceExtension");


} // namespace pocows
