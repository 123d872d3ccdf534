//
// FrameWriterTest.cpp
//
// The sending half of a connection over a real loopback TCP connection:
// framing, coalescing, fragments, the close frame, and the send deadline.
//


#include "websocket/FrameWriter.h"
#include "support/SocketPair.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <iostream>
#include <thread>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9;
}


class FrameWriterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FrameWriterTest);
	CPPUNIT_TEST(testSmallFramesWaitWhenCoalescing);
	CPPUNIT_TEST(testLargePayloadGoesOutAtOnce);
	CPPUNIT_TEST(testFragmentsWithControlFramesBetween);
	CPPUNIT_TEST(testUtf8CheckedAcrossFragments);
	CPPUNIT_TEST(testOtherSendRefusedWhileMessageOpen);
	CPPUNIT_TEST(testOneCloseFrameThenNothing);
	CPPUNIT_TEST(testCloseWithoutWaitingFailsOnFullWindow);
	CPPUNIT_TEST(testDeadlineHoldsForWholeWrite);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSmallFramesWaitWhenCoalescing()
	{
		SocketPair pair;
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "one", 3, true, true);
		writer.sendControl(Opcode::PONG, "p", 1, true);
		writer.sendData(Opcode::BINARY, "two", 3, true, true);
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
		writer.flush();
		const TestWebSocketClient::Frame first = peer.receive();
		CPPUNIT_ASSERT(first.fin && first.opcode == TEXT && first.payload == "one");
		CPPUNIT_ASSERT_EQUAL(std::string("p"), peer.receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("two"), peer.receive().payload);

		writer.sendData(Opcode::TEXT, "now", 3, true, false);
		CPPUNIT_ASSERT_EQUAL(std::string("now"), peer.receive().payload);
	}

	void testLargePayloadGoesOutAtOnce()
	{
		SocketPair pair;
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
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
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
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
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
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
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
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

	void testOneCloseFrameThenNothing()
	{
		SocketPair pair;
		FrameWriter writer(pair.server(), Poco::Timespan(5, 0));
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "before", 6, true, true);
		writer.sendClose(1000, "bye");
		CPPUNIT_ASSERT(writer.closeSent());
		writer.sendClose(1011, "again");
		writer.sendData(Opcode::TEXT, "after", 5, true, false);
		CPPUNIT_ASSERT(writer.sendCloseWithoutWaiting(1001, "late"));
		CPPUNIT_ASSERT_EQUAL(std::string("before"), peer.receive().payload);
		const TestWebSocketClient::Frame close = peer.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(close.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1000), close.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("bye"), close.closeReason());
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
	}

	void testCloseWithoutWaitingFailsOnFullWindow()
	{
		SocketPair pair(16*1024);
		FrameWriter writer(pair.server(), Poco::Timespan(0, 200000));
		const std::string block(64*1024, 'f');
		try
		{
			for (int i = 0; i < 1000; ++i) writer.sendData(Opcode::BINARY, block.data(), block.size(), true, false);
			CPPUNIT_FAIL("a peer that reads nothing took 64 MB");
		}
		catch (Poco::TimeoutException&)
		{
		}
		const Poco::Timestamp start;
		CPPUNIT_ASSERT(!writer.sendCloseWithoutWaiting(1001, "server shutting down"));
		CPPUNIT_ASSERT(start.elapsed() < 100000);
	}

	void testDeadlineHoldsForWholeWrite()
	{
		// Coalesced frames that fill the buffer leave in one write of a single
		// buffer; a large payload leaves with its header in a write of two.
		const std::string frame(15*1024, 'c');
		const Poco::Timestamp::TimeDiff coalesced = timeToCutOff([&](FrameWriter& writer)
		{
			for (int i = 0; i < 5; ++i) writer.sendData(Opcode::BINARY, frame.data(), frame.size(), true, true);
		});
		std::cout << " [slow reader, sendTimeout 0.5 s: coalesced frames cut off after " << coalesced/1000 << " ms";
		const std::string large(1024*1024, 'l');
		const Poco::Timestamp::TimeDiff direct = timeToCutOff([&](FrameWriter& writer)
		{
			writer.sendData(Opcode::BINARY, large.data(), large.size(), true, false);
		});
		std::cout << ", a 1 MiB message after " << direct/1000 << " ms]";
		CPPUNIT_ASSERT_MESSAGE(std::to_string(coalesced) + " us", coalesced < SEND_TIMEOUT.totalMicroseconds() + MARGIN);
		CPPUNIT_ASSERT_MESSAGE(std::to_string(direct) + " us", direct < SEND_TIMEOUT.totalMicroseconds() + MARGIN);
	}

private:
	static const Poco::Timespan SEND_TIMEOUT;
	static const Poco::Timestamp::TimeDiff MARGIN = 500000;

	template <typename Send>
	static Poco::Timestamp::TimeDiff timeToCutOff(Send send)
		/// How long the writer takes to give up on a peer that reads 2 KiB
		/// every 100 ms, through small socket buffers: each piece of a write
		/// makes progress within the send timeout, but the whole of it would
		/// take seconds. (A byte at a time would not do: a receiver opens its
		/// window again only once half its buffer is free.) Fails unless the
		/// writer gives up.
	{
		SocketPair pair(4096);
		FrameWriter writer(pair.server(), SEND_TIMEOUT);
		std::atomic<bool> done(false);
		std::thread reader([&]
		{
			char buffer[2048];
			while (!done)
			{
				if (!pair.client().poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
				if (pair.client().receiveBytes(buffer, sizeof(buffer)) <= 0) break;
				// Slow on purpose: this is the peer that reads slowly, not synchronisation.
				std::this_thread::sleep_for(std::chrono::milliseconds(100));
			}
		});
		const Poco::Timestamp start;
		bool timedOut = false;
		try
		{
			send(writer);
		}
		catch (Poco::TimeoutException&)
		{
			timedOut = true;
		}
		const Poco::Timestamp::TimeDiff elapsed = start.elapsed();
		done = true;
		reader.join();
		CPPUNIT_ASSERT_MESSAGE("the slow reader took it all in " + std::to_string(elapsed) + " us", timedOut);
		return elapsed;
	}
};


const Poco::Timespan FrameWriterTest::SEND_TIMEOUT(0, 500000);


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FrameWriterTest, "FrameWriter");


} // namespace pocows
