//
// ChatServiceTest.cpp
//
// The built-in services that let sessions meet, on the real server over
// real sockets: the chat (rooms, nicks, notices, order, bad messages, the
// rate limit), the broadcast relay, and the dashboard's stats feed.
//


#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <set>
#include <thread>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8;

	Poco::JSON::Object::Ptr parse(const std::string& text)
	{
		Poco::JSON::Parser parser;
		return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
	}

	std::string chatMessage(const std::string& text)
	{
		Poco::JSON::Object message;
		message.set("type", "message");
		message.set("text", text);
		std::ostringstream out;
		message.stringify(out);
		return out.str();
	}

	struct ChatClient
		/// A client of /chat that reads the service's JSON.
	{
		ChatClient(Poco::UInt16 port, const std::string& query):
			client(port, TestWebSocketClient::handshakeRequest("chat", std::string(), "/chat" + query), true)
		{
		}

		Poco::JSON::Object::Ptr next()
			/// The next message, which must be a JSON text.
		{
			const TestWebSocketClient::Frame frame = client.receive();
			CPPUNIT_ASSERT_EQUAL(static_cast<int>(TEXT), static_cast<int>(frame.opcode));
			return parse(frame.payload);
		}

		Poco::JSON::Object::Ptr next(const std::string& type)
			/// The next message, which must be of that type.
		{
			Poco::JSON::Object::Ptr message = next();
			CPPUNIT_ASSERT_EQUAL(type, message->getValue<std::string>("type"));
			return message;
		}

		void say(const std::string& text)
		{
			client.send(TEXT, chatMessage(text));
		}

		TestWebSocketClient client;
	};
}


class ChatServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ChatServiceTest);
	CPPUNIT_TEST(testMembersSeeEachOtherInOneOrder);
	CPPUNIT_TEST(testDefaultRoomAndGeneratedNick);
	CPPUNIT_TEST(testRoomsAreApart);
	CPPUNIT_TEST(testBadHandshakesRefused);
	CPPUNIT_TEST(testBadMessagesAnswered);
	CPPUNIT_TEST(testMarkupIsJustText);
	CPPUNIT_TEST(testFlooderClosedWith1008);
	CPPUNIT_TEST(testBroadcastRelaysToEveryone);
	CPPUNIT_TEST(testStatsFeed);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		// No rate limit, but in the test of it.
		ServerSettings settings = TestServer::defaultSettings();
		settings.chat.messagesPerSecond = 0;
		_server = std::make_unique<TestServer>(settings);
	}

	void tearDown() override
	{
		_server.reset();
	}

	void testMembersSeeEachOtherInOneOrder()
	{
		ChatClient ada(_server->port(), "?room=order&nick=ada");
		CPPUNIT_ASSERT_EQUAL(101, ada.client.status());
		CPPUNIT_ASSERT_EQUAL(std::string("chat"), ada.client.header("Sec-WebSocket-Protocol"));
		Poco::JSON::Object::Ptr welcome = ada.next("welcome");
		CPPUNIT_ASSERT_EQUAL(std::string("order"), welcome->getValue<std::string>("room"));
		CPPUNIT_ASSERT_EQUAL(std::string("ada"), welcome->getValue<std::string>("nick"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), welcome->getArray("members")->size());
		CPPUNIT_ASSERT_EQUAL(1, ada.next("join")->getValue<int>("members"));

		ChatClient bob(_server->port(), "?room=order&nick=bob");
		welcome = bob.next("welcome");
		std::set<std::string> nicks;
		for (const auto& nick: *welcome->getArray("members")) nicks.insert(nick.toString());
		CPPUNIT_ASSERT(nicks == std::set<std::string>({"ada", "bob"}));
		const Poco::JSON::Object::Ptr joined = ada.next("join");
		CPPUNIT_ASSERT_EQUAL(std::string("bob"), joined->getValue<std::string>("nick"));
		CPPUNIT_ASSERT_EQUAL(2, joined->getValue<int>("members"));
		CPPUNIT_ASSERT_EQUAL(2, bob.next("join")->getValue<int>("members"));

		// Both talk at once: both see all, in the same order.
		const int count = 200;
		std::thread adaTalks([&] { for (int i = 0; i < count; ++i) ada.say("ada " + std::to_string(i)); });
		std::thread bobTalks([&] { for (int i = 0; i < count; ++i) bob.say("bob " + std::to_string(i)); });
		adaTalks.join();
		bobTalks.join();
		std::vector<std::string> seenByAda, seenByBob;
		for (int i = 0; i < 2*count; ++i)
		{
			const Poco::JSON::Object::Ptr message = ada.next("message");
			CPPUNIT_ASSERT_EQUAL(std::string("order"), message->getValue<std::string>("room"));
			CPPUNIT_ASSERT(message->getValue<Poco::Int64>("ts") > 0);
			seenByAda.push_back(message->getValue<std::string>("from") + ": " + message->getValue<std::string>("text"));
			const Poco::JSON::Object::Ptr same = bob.next("message");
			seenByBob.push_back(same->getValue<std::string>("from") + ": " + same->getValue<std::string>("text"));
		}
		CPPUNIT_ASSERT(seenByAda == seenByBob);
		int adaNext = 0, bobNext = 0;
		for (const std::string& line: seenByAda)
		{
			if (line.compare(0, 5, "ada: ") == 0) CPPUNIT_ASSERT_EQUAL("ada: ada " + std::to_string(adaNext++), line);
			else CPPUNIT_ASSERT_EQUAL("bob: bob " + std::to_string(bobNext++), line);
		}

		bob.client.send(CLOSE, TestWebSocketClient::closePayload(1000));
		const Poco::JSON::Object::Ptr left = ada.next("leave");
		CPPUNIT_ASSERT_EQUAL(std::string("bob"), left->getValue<std::string>("nick"));
		CPPUNIT_ASSERT_EQUAL(1, left->getValue<int>("members"));
	}

	void testDefaultRoomAndGeneratedNick()
	{
		ChatClient guest(_server->port(), "");
		const Poco::JSON::Object::Ptr welcome = guest.next("welcome");
		CPPUNIT_ASSERT_EQUAL(std::string("lobby"), welcome->getValue<std::string>("room"));
		CPPUNIT_ASSERT_EQUAL(std::string("guest-"), welcome->getValue<std::string>("nick").substr(0, 6));
	}

	void testRoomsAreApart()
	{
		ChatClient one(_server->port(), "?room=one&nick=a");
		ChatClient two(_server->port(), "?room=two&nick=b");
		one.next("welcome");
		one.next("join");
		two.next("welcome");
		two.next("join");
		one.say("in one");
		CPPUNIT_ASSERT_EQUAL(std::string("in one"), one.next("message")->getValue<std::string>("text"));
		two.say("in two");
		CPPUNIT_ASSERT_EQUAL(std::string("in two"), two.next("message")->getValue<std::string>("text"));
	}

	void testBadHandshakesRefused()
	{
		for (const char* query: {"?room=a%20b", "?room=", "?nick=" "0123456789012345678901234", "?room=%ZZ", "?nick=%3Cb%3E"})
		{
			TestWebSocketClient refused(_server->port(), TestWebSocketClient::handshakeRequest("chat", std::string(), std::string("/chat") + query), true);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400, refused.status());
		}
		TestWebSocketClient noProtocol(_server->port(), TestWebSocketClient::handshakeRequest(std::string(), std::string(), "/chat"), true);
		CPPUNIT_ASSERT_EQUAL(400, noProtocol.status());
	}

	void testBadMessagesAnswered()
	{
		ChatClient client(_server->port(), "?room=errors");
		client.next("welcome");
		client.next("join");
		for (const std::string& bad: {std::string("not json"), std::string("[1,2]"), std::string("{\"type\":\"message\",\"text\":5}"),
			std::string("{\"type\":\"shout\",\"text\":\"x\"}"), std::string("{\"type\":\"message\",\"text\":\"\"}"),
			chatMessage(std::string(5000, 'l'))})
		{
			client.client.send(TEXT, bad);
			CPPUNIT_ASSERT_MESSAGE(bad.substr(0, 40), !client.next("error")->getValue<std::string>("error").empty());
		}
		client.client.send(BINARY, "bytes");
		CPPUNIT_ASSERT_EQUAL(std::string("messages are JSON text"), client.next("error")->getValue<std::string>("error"));
		client.say("still here");
		CPPUNIT_ASSERT_EQUAL(std::string("still here"), client.next("message")->getValue<std::string>("text"));
	}

	void testMarkupIsJustText()
	{
		ChatClient client(_server->port(), "?room=markup");
		client.next("welcome");
		client.next("join");
		const std::string markup = "<script>alert(\"hi\")</script> & \xC3\xA9\\";
		client.say(markup);
		CPPUNIT_ASSERT_EQUAL(markup, client.next("message")->getValue<std::string>("text"));
	}

	void testFlooderClosedWith1008()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.chat.messagesPerSecond = 2;
		TestServer server(settings);
		ChatClient flooder(server.port(), "?room=flood");
		flooder.next("welcome");
		flooder.next("join");
		// Twice the rate at once is allowed; well more than that, at once, is not.
		for (int i = 0; i < 20; ++i) flooder.say("spam " + std::to_string(i));
		TestWebSocketClient::Frame frame = flooder.client.receive();
		int delivered = 0;
		for (; frame.opcode == TEXT; frame = flooder.client.receive()) ++delivered;
		CPPUNIT_ASSERT(delivered >= 4 && delivered < 20);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(frame.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1008), frame.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("rate limit exceeded"), frame.closeReason());
	}

	void testBroadcastRelaysToEveryone()
	{
		std::vector<std::unique_ptr<TestWebSocketClient>> clients;
		for (int i = 0; i < 3; ++i)
		{
			clients.push_back(std::make_unique<TestWebSocketClient>(_server->port(),
				TestWebSocketClient::handshakeRequest(std::string(), std::string(), "/broadcast"), true));
			CPPUNIT_ASSERT_EQUAL(101, clients.back()->status());
		}
		// A client is in the room once a message it sent has come back;
		// those of later clients reach earlier ones too, and are skipped.
		for (std::size_t i = 0; i < clients.size(); ++i)
		{
			clients[i]->send(TEXT, "ready " + std::to_string(i));
			while (clients[i]->receive().payload != "ready " + std::to_string(i)) {}
		}
		clients[0]->send(TEXT, "text as it came");
		clients[1]->send(BINARY, std::string("\0\1\2", 3));
		// Sent by two sessions at once, they come in either order, but in the same one to all.
		std::vector<std::string> first;
		for (auto& client: clients)
		{
			std::vector<std::string> got;
			while (got.size() < 2)
			{
				const std::string payload = client->receive().payload;
				if (payload.compare(0, 6, "ready ") != 0) got.push_back(payload);
			}
			if (first.empty()) first = got;
			CPPUNIT_ASSERT(got == first);
		}
		CPPUNIT_ASSERT(std::set<std::string>(first.begin(), first.end()) == std::set<std::string>({"text as it came", std::string("\0\1\2", 3)}));
	}

	void testStatsFeed()
	{
		TestWebSocketClient viewer(_server->port(), TestWebSocketClient::handshakeRequest(std::string(), std::string(), "/stats"), true);
		CPPUNIT_ASSERT_EQUAL(101, viewer.status());
		const TestWebSocketClient::Frame frame = viewer.receive();
		const Poco::JSON::Object::Ptr stats = parse(frame.payload);
		CPPUNIT_ASSERT_EQUAL(std::string("stats"), stats->getValue<std::string>("type"));
		CPPUNIT_ASSERT(stats->getValue<int>("sessions") >= 1);
		CPPUNIT_ASSERT(stats->getValue<double>("residentBytes") > 1024*1024);
		for (const char* field: {"ts", "connections", "messagesInPerSecond", "messagesOutPerSecond", "bytesInPerSecond",
			"bytesOutPerSecond", "rejected", "rejectedPerSecond", "slowConsumerCloses", "queuedBytes"})
			CPPUNIT_ASSERT_MESSAGE(field, stats->has(field));
		// And once a second after that.
		const Poco::JSON::Object::Ptr later = parse(viewer.receive().payload);
		CPPUNIT_ASSERT(later->getValue<Poco::Int64>("ts") > stats->getValue<Poco::Int64>("ts"));
	}

private:
	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ChatServiceTest, "ChatService");


} // namespace pocows
