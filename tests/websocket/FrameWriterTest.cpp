//
// FrameWriterTest.cpp
//
// The framing half of a connection over a real loopback TCP connection:
// framing, coalescing, fragments.
//


#include "websocket/FrameWriter.h"
#include "support/SocketPair.h"
#include "support/TestOutbox.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include <cppunit/extensions/HelperMacros.h>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, PING = 0x9;
}


class FrameWriterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FrameWriterTest);
	CPPUNIT_TEST(testSmallFramesWaitWhenCoalescing);
	CPPUNIT_TEST(testLargePayloadGoesOutAtOnce);
	CPPUNIT_TEST(testFragmentsWithControlFramesBetween);
	CPPUNIT_TEST(testUtf8CheckedAcrossFragments);
	CPPUNIT_TEST(testOtherSendRefusedWhileMessageOpen);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSmallFramesWaitWhenCoalescing()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "one", 3, true, true);
		writer.sendControl(Opcode::PONG, "p", 1, true);
		writer.sendData(Opcode::BINARY, "two", 3, true, true);
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
		outbox->flush();
		// A control frame goes ahead of data, as RFC 6455 section 5.4 allows.
		CPPUNIT_ASSERT_EQUAL(std::string("p"), peer.receive().payload);
		const TestWebSocketClient::Frame first = peer.receive();
		CPPUNIT_ASSERT(first.fin && first.opcode == TEXT && first.payload == "one");
		CPPUNIT_ASSERT_EQUAL(std::string("two"), peer.receive().payload);

		writer.sendData(Opcode::TEXT, "now", 3, true, false);
		CPPUNIT_ASSERT_EQUAL(std::string("now"), peer.receive().payload);
	}

	void testLargePayloadGoesOutAtOnce()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		std::string large(100000, '\0');
		for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7);
		writer.sendData(Opcode::TEXT, "small", 5, true, true);
		// A payload this large is never held back, and takes what waits in the buffer with it.
		writer.sendData(Opcode::BINARY, large.data(), large.size(), true, true);
		CPPUNIT_ASSERT_EQUAL(std::string("small"), peer.receive().payload);
		const TestWebSocketClient::Frame frame = peer.receive();
		CPPUNIT_ASSERT(frame.fin && frame.opcode == BINARY);
		CPPUNIT_ASSERT(frame.payload == large);
	}

	void testFragmentsWithControlFramesBetween()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::BINARY, "ab", 2, false, false);
		CPPUNIT_ASSERT(writer.inMessage());
		writer.sendControl(Opcode::PING, "?", 1, false);
		writer.sendData(Opcode::BINARY, "cd", 2, false, false);
		writer.sendData(Opcode::BINARY, "ef", 2, true, false);
		CPPUNIT_ASSERT(!writer.inMessage());
		const TestWebSocketClient::Frame first = peer.receive();
		CPPUNIT_ASSERT(!first.fin && first.opcode == BINARY && first.payload == "ab");
		const TestWebSocketClient::Frame ping = peer.receive();
		CPPUNIT_ASSERT(ping.fin && ping.opcode == PING);
		const TestWebSocketClient::Frame second = peer.receive();
		CPPUNIT_ASSERT(!second.fin && second.opcode == CONT && second.payload == "cd");
		const TestWebSocketClient::Frame last = peer.receive();
		CPPUNIT_ASSERT(last.fin && last.opcode == CONT && last.payload == "ef");
	}

	void testUtf8CheckedAcrossFragments()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		// "ö" is C3 B6: split between two fragments, it is valid.
		writer.sendData(Opcode::TEXT, "w\xC3", 2, false, false);
		writer.sendData(Opcode::TEXT, "\xB6rld", 4, true, false);
		CPPUNIT_ASSERT_EQUAL(std::string("w\xC3"), peer.receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("\xB6rld"), peer.receive().payload);

		CPPUNIT_ASSERT_THROW(writer.sendData(Opcode::TEXT, "\xFF", 1, false, false), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT(!writer.inMessage());
		// A message may not end inside a character.
		writer.sendData(Opcode::TEXT, "x", 1, false, false);
		CPPUNIT_ASSERT_EQUAL(std::string("x"), peer.receive().payload);
		CPPUNIT_ASSERT_THROW(writer.sendData(Opcode::TEXT, "\xE2\x82", 2, true, false), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
	}

	void testOtherSendRefusedWhileMessageOpen()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "start", 5, false, false);
		CPPUNIT_ASSERT_THROW(writer.sendData(Opcode::BINARY, "b", 1, true, false), Poco::InvalidAccessException);
		CPPUNIT_ASSERT_THROW(writer.sendData(Opcode::PING, "", 0, true, false), Poco::InvalidArgumentException);
		writer.sendData(Opcode::TEXT, " end", 4, true, false);
		CPPUNIT_ASSERT_EQUAL(std::string("start"), peer.receive().payload);
		const TestWebSocketClient::Frame end = peer.receive();
		CPPUNIT_ASSERT(end.fin && end.opcode == CONT && end.payload == " end");
		// Once the message is over, another may begin.
		writer.sendData(Opcode::BINARY, "b", 1, true, false);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(BINARY), static_cast<int>(peer.receive().opcode));
	}

};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FrameWriterTest, "FrameWriter");


} // namespace pocows
