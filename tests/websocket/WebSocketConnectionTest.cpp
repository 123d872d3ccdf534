//
// WebSocketConnectionTest.cpp
//
// A session's connection over a real loopback TCP connection: messages in
// and out, coalesced replies, the close handshake in each of its states,
// timeouts, and shutdown from another thread.
//


#include "websocket/WebSocketConnection.h"
#include "support/SocketPair.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <thread>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	WebSocketSettings shortTimeouts()
	{
		WebSocketSettings settings;
		settings.closeTimeout = Poco::Timespan(0, 300000);
		settings.sendTimeout = Poco::Timespan(2, 0);
		return settings;
	}
}


class WebSocketConnectionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WebSocketConnectionTest);
	CPPUNIT_TEST(testMessagesBothWays);
	CPPUNIT_TEST(testEarlyBytesComeFirst);
	CPPUNIT_TEST(testRepliesCoalescedWhileInputWaits);
	CPPUNIT_TEST(testPingAnsweredInsideReceive);
	CPPUNIT_TEST(testPeerClosesFirst);
	CPPUNIT_TEST(testServerClosesAndPeerReplies);
	CPPUNIT_TEST(testServerClosesAndPeerIsSilent);
	CPPUNIT_TEST(testPeerVanishes);
	CPPUNIT_TEST(testSessionReceiveTimeout);
	CPPUNIT_TEST(testShutdownFromAnotherThread);
	CPPUNIT_TEST(testSendsAfterCloseAreDropped);
	CPPUNIT_TEST(testBeforeWaitRunsOnlyBeforeWaiting);
	CPPUNIT_TEST(testPushWhileSessionWaits);
	CPPUNIT_TEST(testCloseThroughHandle);
	CPPUNIT_TEST(testSlowConsumerCutWhileSessionWaits);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_settings = shortTimeouts();
		_pair = std::make_unique<SocketPair>();
		_peer = std::make_unique<TestWebSocketClient>(_pair->client());
	}

	void tearDown() override
	{
		_peer.reset();
		_pair.reset();
	}

	void testMessagesBothWays()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		_peer->send(TEXT, "hello");
		WebSocketMessage message;
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		CPPUNIT_ASSERT(message.isText() && message.payload == "hello");
		connection.sendBinary("\x01\x02", 2);
		const TestWebSocketClient::Frame reply = _peer->receive();
		CPPUNIT_ASSERT(reply.fin && reply.opcode == BINARY && reply.payload == "\x01\x02");
		CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(1), connection.statistics().messagesIn);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(1), connection.statistics().messagesOut);
	}

	void testEarlyBytesComeFirst()
	{
		const std::string early = TestWebSocketClient::frame(TEXT, "sent with the handshake");
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher, early.data(), early.size());
		_peer->send(TEXT, "after");
		WebSocketMessage message;
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(std::string("sent with the handshake"), message.payload);
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(std::string("after"), message.payload);
	}

	void testRepliesCoalescedWhileInputWaits()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		// Both messages arrive in one read: the first reply waits for the second.
		_peer->sendRaw(TestWebSocketClient::frame(TEXT, "1") + TestWebSocketClient::frame(TEXT, "2"));
		WebSocketMessage message;
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		connection.sendMessage(message);
		CPPUNIT_ASSERT(nothingArrives(_pair->client()));
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		connection.sendMessage(message);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), _peer->receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("2"), _peer->receive().payload);
	}

	void testPingAnsweredInsideReceive()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		_peer->send(PING, "are you there");
		_peer->send(PONG, "unsolicited");
		_peer->send(TEXT, "then a message");
		WebSocketMessage message;
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(std::string("then a message"), message.payload);
		// The pong waits, coalesced, for the reply, and leaves before it.
		connection.sendText("reply");
		const TestWebSocketClient::Frame pong = _peer->receive();
		CPPUNIT_ASSERT(pong.opcode == PONG && pong.payload == "are you there");
		CPPUNIT_ASSERT_EQUAL(std::string("reply"), _peer->receive().payload);
	}

	void testPeerClosesFirst()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		_peer->send(CLOSE, TestWebSocketClient::closePayload(4321, "done"));
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		CPPUNIT_ASSERT(!connection.isOpen());
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(4321), connection.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("done"), connection.closeReason());
		const TestWebSocketClient::Frame reply = _peer->receive();
		CPPUNIT_ASSERT(reply.opcode == CLOSE && reply.closeCode() == 4321);
		CPPUNIT_ASSERT(_peer->receiveEnd());
	}

	void testServerClosesAndPeerReplies()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		std::thread peer([this]
		{
			const TestWebSocketClient::Frame close = _peer->receive();
			if (close.opcode == CLOSE) _peer->send(CLOSE, close.payload);
		});
		const Poco::Timestamp start;
		connection.close(1000, "bye");
		peer.join();
		CPPUNIT_ASSERT(start.elapsed() < _settings.closeTimeout.totalMicroseconds());
		CPPUNIT_ASSERT(!connection.isOpen());
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1000), connection.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("bye"), connection.closeReason());
		CPPUNIT_ASSERT(_peer->receiveEnd());
	}

	void testServerClosesAndPeerIsSilent()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		const Poco::Timestamp start;
		connection.close(1002, "protocol error");
		// The wait for the reply is bounded by the close timeout.
		CPPUNIT_ASSERT(start.elapsed() >= _settings.closeTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1002), connection.closeCode());
		const TestWebSocketClient::Frame close = _peer->receive();
		CPPUNIT_ASSERT(close.opcode == CLOSE && close.closeCode() == 1002 && close.closeReason() == "protocol error");
		CPPUNIT_ASSERT(_peer->receiveEnd());
	}

	void testPeerVanishes()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		_peer->sendRaw(TestWebSocketClient::frame(TEXT, "cut short").substr(0, 5));
		_pair->client().close();
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1006), connection.closeCode());
	}

	void testSessionReceiveTimeout()
	{
		// The server's own receive timeout is a minute; the session asks for a fifth of a second.
		_settings.receiveTimeout = Poco::Timespan(60, 0);
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		connection.setReceiveTimeout(Poco::Timespan(0, 200000));
		const Poco::Timestamp start;
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		CPPUNIT_ASSERT(start.elapsed() < 10*1000*1000);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), connection.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("idle timeout"), connection.closeReason());
		const TestWebSocketClient::Frame close = _peer->receive();
		CPPUNIT_ASSERT(close.opcode == CLOSE && close.closeCode() == 1001);
	}

	void testShutdownFromAnotherThread()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		std::thread stopper([&] { connection.shutdown(); });
		stopper.join();
		_peer->answerShutdown();
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), connection.closeCode());
		CPPUNIT_ASSERT(_peer->receiveEnd());
	}

	void testSendsAfterCloseAreDropped()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		_peer->send(CLOSE, TestWebSocketClient::closePayload(1000));
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		connection.sendText("too late");
		connection.flush();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(_peer->receive().opcode));
		CPPUNIT_ASSERT(_peer->receiveEnd());
		CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(0), connection.statistics().messagesOut);
	}

	void testBeforeWaitRunsOnlyBeforeWaiting()
	{
		// Two messages in one write: the second is read without waiting.
		_peer->sendRaw(TestWebSocketClient::frame(TEXT, "a") + TestWebSocketClient::frame(TEXT, "b"));
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		int calls = 0;
		connection.setBeforeWait([&] { ++calls; });
		WebSocketMessage message;
		std::string received;
		while (received.size() < 2 && connection.receiveMessage(message)) received += message.payload;
		CPPUNIT_ASSERT_EQUAL(std::string("ab"), received);
		CPPUNIT_ASSERT(calls >= 1 && calls <= 2);
		const int before = calls;
		_peer->send(TEXT, "c");
		CPPUNIT_ASSERT(connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(before + 1, calls);
	}

	void testPushWhileSessionWaits()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		const SessionHandle handle = connection.handle();
		CPPUNIT_ASSERT(handle.id() != 0);
		CPPUNIT_ASSERT(handle.peerAddress() == _pair->client().address());
		WebSocketMessage message;
		std::thread session([&] { CPPUNIT_ASSERT(connection.receiveMessage(message)); });
		std::thread other([&] { CPPUNIT_ASSERT(handle.sendText("pushed")); });
		other.join();
		CPPUNIT_ASSERT_EQUAL(std::string("pushed"), _peer->receive().payload);
		_peer->send(TEXT, "answer");
		session.join();
		CPPUNIT_ASSERT_EQUAL(std::string("answer"), message.payload);
		CPPUNIT_ASSERT(handle.isOpen());
	}

	void testCloseThroughHandle()
	{
		WebSocketConnection connection(_pair->server(), _pair->client().address(), _settings, _metrics, _flusher);
		const SessionHandle handle = connection.handle();
		std::thread other([&] { handle.close(4000, "moderated"); });
		other.join();
		CPPUNIT_ASSERT(!handle.isOpen());
		const TestWebSocketClient::Frame close = _peer->receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(close.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(4000), close.closeCode());
		_peer->send(CLOSE, TestWebSocketClient::closePayload(4000));
		WebSocketMessage message;
		CPPUNIT_ASSERT(!connection.receiveMessage(message));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(4000), connection.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("moderated"), connection.closeReason());
		CPPUNIT_ASSERT(_peer->receiveEnd());
	}

	void testSlowConsumerCutWhileSessionWaits()
	{
		SocketPair pair(16*1024);
		_settings.outboundHardLimit = 64*1024;
		WebSocketConnection connection(pair.server(), pair.client().address(), _settings, _metrics, _flusher);
		const SessionHandle handle = connection.handle();
		const std::string filler(1000, 's');
		// The session waits for input while another thread fills its queue.
		WebSocketMessage message;
		bool received = true;
		std::thread session([&] { received = connection.receiveMessage(message); });
		std::thread other([&] { while (handle.sendText(filler)) {} });
		other.join();
		// The peer reads nothing, so the close cannot go out: after
		// closeTimeout the connection is cut, and the session learns why.
		session.join();
		CPPUNIT_ASSERT(!received);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1013), connection.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("slow consumer: more than 65536 bytes queued"), connection.closeReason());
	}

private:
	WebSocketSettings _settings;
	ServerMetrics _metrics;
	OutboxFlusher _flusher;
	std::unique_ptr<SocketPair> _pair;
	std::unique_ptr<TestWebSocketClient> _peer;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebSocketConnectionTest, "WebSocketConnection");


} // namespace pocows
