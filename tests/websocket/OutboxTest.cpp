//
// OutboxTest.cpp
//
// A connection's outbox over a real loopback TCP connection: the owner's
// sends and their deadline, posts from other threads that never block,
// the flusher, control frames ahead of data, the close frame, and the
// slow-consumer limits.
//


#include "websocket/FrameWriter.h"
#include "websocket/Outbox.h"
#include "support/SocketPair.h"
#include "support/TestOutbox.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include "Poco/Net/NetException.h"
#include "Poco/NumberParser.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <iostream>
#include <thread>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PONG = 0xA;

	Outbox::Frame textFrame(const std::string& text)
	{
		return Outbox::makeFrame(Opcode::TEXT, text.data(), text.size());
	}

	bool becomesTrue(const std::function<bool()>& condition, const Poco::Timespan& within = Poco::Timespan(5, 0))
		/// Whether condition holds within the time given, asked every few
		/// milliseconds: for state that only another thread's clock changes.
	{
		const Poco::Timestamp start;
		while (!condition())
		{
			if (start.elapsed() > within.totalMicroseconds()) return false;
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		}
		return true;
	}

	template <typename Work>
	bool finishesWithin(Work work, const Poco::Timespan& within)
		/// Runs work on another thread: true if it returned in time. A thread
		/// that does not is left blocked, and the test fails.
	{
		std::packaged_task<void()> task(work);
		std::future<void> done = task.get_future();
		std::thread(std::move(task)).detach();
		return done.wait_for(std::chrono::microseconds(within.totalMicroseconds())) == std::future_status::ready;
	}

	WebSocketSettings limits(std::size_t hard, std::size_t soft, const Poco::Timespan& softTime)
	{
		WebSocketSettings settings;
		settings.outboundHardLimit = hard;
		settings.outboundSoftLimit = soft;
		settings.outboundSoftTime = softTime;
		settings.closeTimeout = Poco::Timespan(0, 300000);
		return settings;
	}
}


class OutboxTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OutboxTest);
	CPPUNIT_TEST(testOneCloseFrameThenNothing);
	CPPUNIT_TEST(testCloseWithoutWaitingFailsOnFullWindow);
	CPPUNIT_TEST(testDeadlineHoldsForWholeWrite);
	CPPUNIT_TEST(testPostFromAnotherThread);
	CPPUNIT_TEST(testPostNeverWaitsAndFlusherDrains);
	CPPUNIT_TEST(testConcurrentPostersKeepTheirOrder);
	CPPUNIT_TEST(testOwnSendsAndOwnPostsKeepOrder);
	CPPUNIT_TEST(testControlFrameOvertakesQueuedData);
	CPPUNIT_TEST(testHardLimitCloses);
	CPPUNIT_TEST(testSoftLimitHeldTooLongCloses);
	CPPUNIT_TEST(testCutWhenCloseCannotBeWritten);
	CPPUNIT_TEST(testCloseFromOutsideOvertakesData);
	CPPUNIT_TEST(testPostsAfterCloseDropped);
	CPPUNIT_TEST_SUITE_END();

public:
	void testOneCloseFrameThenNothing()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "before", 6, true, true);
		outbox->sendClose(1000, "bye");
		CPPUNIT_ASSERT(outbox->closeQueued());
		outbox->sendClose(1011, "again");
		writer.sendData(Opcode::TEXT, "after", 5, true, false);
		CPPUNIT_ASSERT(outbox->closeWithoutWaiting(1001, "late"));
		CPPUNIT_ASSERT(!outbox->post(textFrame("posted")));
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
		TestOutbox outbox(pair.server(), TestOutbox::withSendTimeout(Poco::Timespan(0, 200000)));
		FrameWriter writer(*outbox);
		const std::string block(64*1024, 'f');
		try
		{
			for (int i = 0; i < 1000; ++i) writer.sendData(Opcode::BINARY, block.data(), block.size(), true, false);
			CPPUNIT_FAIL("a peer that reads nothing took 64 MB");
		}
		catch (Poco::TimeoutException&)
		{
		}
		CPPUNIT_ASSERT(!outbox->closeWithoutWaiting(1001, "server shutting down"));
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

	void testPostFromAnotherThread()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		TestWebSocketClient peer(pair.client());
		std::thread poster([&] { CPPUNIT_ASSERT(outbox->post(textFrame("from elsewhere"))); });
		poster.join();
		const TestWebSocketClient::Frame frame = peer.receive();
		CPPUNIT_ASSERT(frame.fin && frame.opcode == TEXT && frame.payload == "from elsewhere");
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), outbox->queuedBytes());
		CPPUNIT_ASSERT(outbox.metrics().render(0, 0).find("pocows_websocket_posted_total{outcome=\"delivered\"} 1\n") != std::string::npos);
	}

	void testPostNeverWaitsAndFlusherDrains()
	{
		// Far more than the socket buffers hold, while the peer reads nothing.
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(0, 0, Poco::Timespan(0)));
		const int count = 2000;
		const std::string filler(1000, 'x');
		const bool posted = finishesWithin([&]
		{
			for (int i = 0; i < count; ++i) outbox->post(textFrame(std::to_string(i) + " " + filler));
		}, Poco::Timespan(5, 0));
		CPPUNIT_ASSERT_MESSAGE("a post waited for the peer", posted);
		CPPUNIT_ASSERT(outbox->queuedBytes() > 0);
		// The flusher's thread takes the outbox over when it next wakes.
		CPPUNIT_ASSERT(becomesTrue([&] { return outbox.flusher().watched() == 1; }));
		// Now the peer reads, and the flusher alone writes the rest.
		TestWebSocketClient peer(pair.client());
		for (int i = 0; i < count; ++i)
			CPPUNIT_ASSERT_EQUAL(std::to_string(i) + " " + filler, peer.receive().payload);
		CPPUNIT_ASSERT(becomesTrue([&] { return outbox.flusher().watched() == 0; }));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), outbox->queuedBytes());
	}

	void testConcurrentPostersKeepTheirOrder()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(0, 0, Poco::Timespan(0)));
		TestWebSocketClient peer(pair.client());
		const int posters = 4, each = 2000;
		std::vector<std::thread> threads;
		for (int p = 0; p < posters; ++p)
		{
			threads.emplace_back([&, p]
			{
				for (int i = 0; i < each; ++i) CPPUNIT_ASSERT(outbox->post(textFrame(std::to_string(p) + ":" + std::to_string(i))));
			});
		}
		std::vector<int> next(posters, 0);
		for (int n = 0; n < posters*each; ++n)
		{
			const std::string payload = peer.receive().payload;
			const std::size_t colon = payload.find(':');
			const int p = Poco::NumberParser::parse(payload.substr(0, colon));
			CPPUNIT_ASSERT_EQUAL(next[p], Poco::NumberParser::parse(payload.substr(colon + 1)));
			++next[p];
		}
		for (std::thread& thread: threads) thread.join();
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
	}

	void testOwnSendsAndOwnPostsKeepOrder()
	{
		// The owner's coalesced send goes before what it posts to itself afterwards.
		SocketPair pair;
		TestOutbox outbox(pair.server());
		FrameWriter writer(*outbox);
		TestWebSocketClient peer(pair.client());
		writer.sendData(Opcode::TEXT, "first", 5, true, true);
		CPPUNIT_ASSERT(outbox->post(textFrame("second")));
		writer.sendData(Opcode::TEXT, "third", 5, true, false);
		CPPUNIT_ASSERT_EQUAL(std::string("first"), peer.receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("second"), peer.receive().payload);
		CPPUNIT_ASSERT_EQUAL(std::string("third"), peer.receive().payload);
	}

	void testControlFrameOvertakesQueuedData()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(0, 0, Poco::Timespan(0)));
		const int count = 500;
		const std::string filler(1000, 'q');
		std::thread poster([&] { for (int i = 0; i < count; ++i) outbox->post(textFrame(filler)); });
		poster.join();
		CPPUNIT_ASSERT(outbox->queuedBytes() > 100*1000);
		outbox->sendControl(Opcode::PONG, "p", 1, false);
		TestWebSocketClient peer(pair.client());
		int before = 0;
		while (peer.receive().opcode != PONG) ++before;
		// Only what the socket buffers already held, and the frame begun, came first.
		CPPUNIT_ASSERT_MESSAGE(std::to_string(before) + " frames before the pong", before < count/2);
		for (int i = before; i < count; ++i) CPPUNIT_ASSERT_EQUAL(filler, peer.receive().payload);
	}

	void testHardLimitCloses()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(64*1024, 0, Poco::Timespan(0)));
		const std::string filler(1000, 'h');
		int accepted = 0;
		std::thread poster([&] { while (outbox->post(textFrame(filler)) && accepted < 100000) ++accepted; });
		poster.join();
		CPPUNIT_ASSERT(accepted < 100000);
		CPPUNIT_ASSERT(outbox->closeQueued());
		unsigned short code = 0;
		std::string reason;
		CPPUNIT_ASSERT(outbox->queuedClose(code, reason));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1013), code);
		CPPUNIT_ASSERT_EQUAL(std::string("slow consumer: more than 65536 bytes queued"), reason);
		CPPUNIT_ASSERT(!outbox->post(textFrame("late")));
		CPPUNIT_ASSERT(outbox.metrics().render(0, 0).find("pocows_websocket_slow_consumer_closes_total{limit=\"hard\"} 1\n") != std::string::npos);
		// The peer, reading again, gets what was already on its way, then the close and nothing more.
		TestWebSocketClient peer(pair.client());
		TestWebSocketClient::Frame frame = peer.receive();
		int data = 0;
		for (; frame.opcode == TEXT; frame = peer.receive())
		{
			CPPUNIT_ASSERT(frame.payload == filler);
			++data;
		}
		CPPUNIT_ASSERT(data < accepted);
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(frame.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1013), frame.closeCode());
		CPPUNIT_ASSERT(nothingArrives(pair.client()));
	}

	void testSoftLimitHeldTooLongCloses()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(0, 32*1024, Poco::Timespan(0, 200000)));
		const std::string filler(1000, 's');
		std::thread poster([&] { for (int i = 0; i < 200; ++i) CPPUNIT_ASSERT(outbox->post(textFrame(filler))); });
		poster.join();
		CPPUNIT_ASSERT(outbox->queuedBytes() > 32*1024);
		// No one posts any more: the flusher's clock closes the session.
		CPPUNIT_ASSERT(becomesTrue([&] { return outbox->closeQueued(); }));
		unsigned short code = 0;
		std::string reason;
		CPPUNIT_ASSERT(outbox->queuedClose(code, reason));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1013), code);
		CPPUNIT_ASSERT_EQUAL(std::string("slow consumer: more than 32768 bytes queued for 0.2 s"), reason);
		CPPUNIT_ASSERT(outbox.metrics().render(0, 0).find("pocows_websocket_slow_consumer_closes_total{limit=\"soft\"} 1\n") != std::string::npos);
	}

	void testCutWhenCloseCannotBeWritten()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(64*1024, 0, Poco::Timespan(0)));
		const std::string filler(1000, 'c');
		std::thread poster([&] { for (int i = 0; i < 1000 && outbox->post(textFrame(filler)); ++i) {} });
		poster.join();
		CPPUNIT_ASSERT(outbox->closeQueued());
		// The peer reads nothing, so after closeTimeout the connection is cut,
		// which is how the session's thread, waiting for input, learns of it.
		char byte;
		pair.server().setReceiveTimeout(Poco::Timespan(10, 0));
		const Poco::Timestamp start;
		int received = -1;
		try
		{
			received = pair.server().receiveBytes(&byte, 1);
		}
		catch (Poco::Net::NetException&)
		{
			received = 0;
		}
		CPPUNIT_ASSERT_EQUAL(0, received);
		CPPUNIT_ASSERT(start.elapsed() < 10*1000*1000);
	}

	void testCloseFromOutsideOvertakesData()
	{
		SocketPair pair(16*1024);
		TestOutbox outbox(pair.server(), limits(0, 0, Poco::Timespan(0)));
		const std::string filler(1000, 'o');
		std::thread poster([&]
		{
			for (int i = 0; i < 500; ++i) outbox->post(textFrame(filler));
			outbox->closeFromOutside(4000, "kicked");
		});
		poster.join();
		TestWebSocketClient peer(pair.client());
		int data = 0;
		TestWebSocketClient::Frame frame = peer.receive();
		for (; frame.opcode == TEXT; frame = peer.receive()) ++data;
		CPPUNIT_ASSERT(data < 250);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(4000), frame.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::string("kicked"), frame.closeReason());
		// The writer counts what it wrote once its send has returned, a moment after the peer has it.
		CPPUNIT_ASSERT(becomesTrue([&] { return outbox->queuedBytes() == 0; }));
		CPPUNIT_ASSERT(outbox.metrics().render(0, 0).find("pocows_websocket_outbound_queued_bytes 0\n") != std::string::npos);
	}

	void testPostsAfterCloseDropped()
	{
		SocketPair pair;
		TestOutbox outbox(pair.server());
		outbox->close();
		CPPUNIT_ASSERT(!outbox->post(textFrame("nobody")));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), outbox->queuedBytes());
		CPPUNIT_ASSERT(outbox.metrics().render(0, 0).find("pocows_websocket_posted_total{outcome=\"dropped\"} 1\n") != std::string::npos);
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
		TestOutbox outbox(pair.server(), TestOutbox::withSendTimeout(SEND_TIMEOUT));
		FrameWriter writer(*outbox);
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


const Poco::Timespan OutboxTest::SEND_TIMEOUT(0, 500000);


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(OutboxTest, "Outbox");


} // namespace pocows
