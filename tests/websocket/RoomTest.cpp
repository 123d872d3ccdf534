//
// RoomTest.cpp
//
// Rooms over real loopback TCP connections: every member gets every
// message, all in one order whoever publishes; membership while publishing;
// a member that stops reading; the directory of rooms by name.
//


#include "websocket/Room.h"
#include "websocket/RoomDirectory.h"
#include "websocket/OutboxFlusher.h"
#include "support/SocketPair.h"
#include "support/TestWebSocketClient.h"
#include "Poco/NumberParser.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char TEXT = 0x1, CLOSE = 0x8;
}


class RoomTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(RoomTest);
	CPPUNIT_TEST(testPublishReachesEveryMember);
	CPPUNIT_TEST(testOneFrameSharedByAllMembers);
	CPPUNIT_TEST(testConcurrentPublishersOneOrder);
	CPPUNIT_TEST(testLeaveWhenMembershipEnds);
	CPPUNIT_TEST(testJoinAndLeaveWhilePublishing);
	CPPUNIT_TEST(testEndedSessionWithDataQueued);
	CPPUNIT_TEST(testSlowMemberDoesNotHoldUpOthers);
	CPPUNIT_TEST(testQueuedMessagesWaitForFlush);
	CPPUNIT_TEST(testDirectoryForgetsUnheldRooms);
	CPPUNIT_TEST_SUITE_END();

public:
	struct Member
		/// A session's outbox on a socket pair, and its client.
	{
		Member(const WebSocketSettings& settings, OutboxFlusher& flusher, ServerMetrics& metrics, int bufferSize = 0):
			pair(bufferSize),
			handle(std::make_shared<Outbox>(pair.server(), settings, flusher, metrics), pair.client().address()),
			client(pair.client())
		{
		}

		SocketPair pair;
		SessionHandle handle;
		TestWebSocketClient client;
	};

	void setUp() override
	{
		_settings = WebSocketSettings();
		_settings.outboundHardLimit = 0;
		_settings.outboundSoftLimit = 0;
		_settings.closeTimeout = Poco::Timespan(0, 300000);
	}

	void testPublishReachesEveryMember()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(3);
		auto room = std::make_shared<Room>("lobby", _metrics);
		std::vector<RoomMembership> memberships;
		for (auto& member: members) memberships.push_back(room->join(member->handle));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), room->size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), room->publishText("hello, all"));
		for (auto& member: members)
		{
			const TestWebSocketClient::Frame frame = member->client.receive();
			CPPUNIT_ASSERT(frame.fin && frame.opcode == TEXT && frame.payload == "hello, all");
		}
		CPPUNIT_ASSERT(_metrics.render(0, 0).find("pocows_websocket_published_total 1\n") != std::string::npos);
		CPPUNIT_ASSERT(_metrics.render(0, 0).find("pocows_websocket_posted_total{outcome=\"delivered\"} 3\n") != std::string::npos);
	}

	void testOneFrameSharedByAllMembers()
	{
		// Peers that do not read keep the message queued: each queue holds the same bytes.
		std::vector<std::unique_ptr<Member>> members = makeMembers(3, 16*1024);
		auto room = std::make_shared<Room>("big", _metrics);
		std::vector<RoomMembership> memberships;
		for (auto& member: members) memberships.push_back(room->join(member->handle));
		const std::string payload(200*1024, 'b');
		const Outbox::Frame frame = Outbox::makeFrame(Opcode::BINARY, payload.data(), payload.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), room->publish(frame));
		CPPUNIT_ASSERT_EQUAL(4L, frame.use_count());
		for (auto& member: members) CPPUNIT_ASSERT(member->client.receive().payload == payload);
	}

	void testConcurrentPublishersOneOrder()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(5, 16*1024);
		auto room = std::make_shared<Room>("order", _metrics);
		std::vector<RoomMembership> memberships;
		for (auto& member: members) memberships.push_back(room->join(member->handle));
		const int publishers = 4, each = 1000;
		std::vector<std::thread> threads;
		for (int p = 0; p < publishers; ++p)
		{
			threads.emplace_back([&, p]
			{
				for (int i = 0; i < each; ++i) room->publishText(std::to_string(p) + ":" + std::to_string(i));
			});
		}
		std::vector<std::vector<std::string>> seen(members.size());
		std::vector<std::thread> readers;
		for (std::size_t m = 0; m < members.size(); ++m)
		{
			readers.emplace_back([&, m]
			{
				for (int n = 0; n < publishers*each; ++n) seen[m].push_back(members[m]->client.receive().payload);
			});
		}
		for (std::thread& thread: threads) thread.join();
		for (std::thread& thread: readers) thread.join();
		// Every publisher's messages in its order, none lost, and every member alike.
		std::vector<int> next(publishers, 0);
		for (const std::string& payload: seen[0])
		{
			const std::size_t colon = payload.find(':');
			const int p = Poco::NumberParser::parse(payload.substr(0, colon));
			CPPUNIT_ASSERT_EQUAL(next[p]++, Poco::NumberParser::parse(payload.substr(colon + 1)));
		}
		for (std::size_t m = 1; m < seen.size(); ++m) CPPUNIT_ASSERT(seen[m] == seen[0]);
	}

	void testLeaveWhenMembershipEnds()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(2);
		auto room = std::make_shared<Room>("brief", _metrics);
		RoomMembership staying = room->join(members[0]->handle);
		{
			RoomMembership moved;
			moved = room->join(members[1]->handle);
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), room->size());
			RoomMembership taken(std::move(moved));
			CPPUNIT_ASSERT(!moved);
			CPPUNIT_ASSERT(taken.room() == room.get());
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), room->size());
		room->publishText("after");
		CPPUNIT_ASSERT_EQUAL(std::string("after"), members[0]->client.receive().payload);
		CPPUNIT_ASSERT(nothingArrives(members[1]->pair.client()));
		staying.leave();
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), room->size());
	}

	void testJoinAndLeaveWhilePublishing()
	{
		// A steady member sees every message; others come and go meanwhile.
		std::vector<std::unique_ptr<Member>> members = makeMembers(4);
		auto room = std::make_shared<Room>("busy", _metrics);
		RoomMembership steady = room->join(members[0]->handle);
		const int count = 3000;
		std::thread publisher([&] { for (int i = 0; i < count; ++i) room->publishText(std::to_string(i)); });
		std::atomic<bool> done(false);
		std::vector<std::thread> visitors;
		for (std::size_t m = 1; m < members.size(); ++m)
		{
			visitors.emplace_back([&, m]
			{
				while (!done)
				{
					RoomMembership visit = room->join(members[m]->handle);
					std::this_thread::yield();
				}
			});
			// Their clients read what they get, so that no queue fills.
			visitors.emplace_back([&, m]
			{
				char buffer[4096];
				members[m]->pair.client().setReceiveTimeout(Poco::Timespan(0, 100000));
				while (!done)
				{
					try
					{
						members[m]->pair.client().receiveBytes(buffer, sizeof(buffer));
					}
					catch (Poco::TimeoutException&)
					{
					}
				}
			});
		}
		for (int i = 0; i < count; ++i) CPPUNIT_ASSERT_EQUAL(std::to_string(i), members[0]->client.receive().payload);
		publisher.join();
		done = true;
		for (std::thread& thread: visitors) thread.join();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), room->size());
		// Once a membership has ended, nothing more reaches that member.
		RoomMembership last = room->join(members[1]->handle);
		last.leave();
		room->publishText("marker");
		CPPUNIT_ASSERT_EQUAL(std::string("marker"), members[0]->client.receive().payload);
		// The other messages are numbers: the marker's text can only be the marker.
		CPPUNIT_ASSERT(drain(*members[1]).find("marker") == std::string::npos);
	}

	void testEndedSessionWithDataQueued()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(2, 16*1024);
		auto room = std::make_shared<Room>("ending", _metrics);
		RoomMembership first = room->join(members[0]->handle);
		// A membership kept past its session's end, as a careless service might.
		RoomMembership second = room->join(members[1]->handle);
		const std::string payload(100*1024, 'e');
		room->publishBinary(payload.data(), payload.size());
		CPPUNIT_ASSERT(members[1]->handle.queuedBytes() > 0);
		members[1]->handle.outbox().close();
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), members[1]->handle.queuedBytes());
		CPPUNIT_ASSERT(!members[1]->handle.isOpen());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), room->publishText("next"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), room->size());
		CPPUNIT_ASSERT(members[0]->client.receive().payload == payload);
		CPPUNIT_ASSERT_EQUAL(std::string("next"), members[0]->client.receive().payload);
		members[0]->handle.outbox().close();
		CPPUNIT_ASSERT(_metrics.render(0, 0).find("pocows_websocket_outbound_queued_bytes 0\n") != std::string::npos);
	}

	void testSlowMemberDoesNotHoldUpOthers()
	{
		_settings.outboundHardLimit = 64*1024;
		std::vector<std::unique_ptr<Member>> members = makeMembers(3, 16*1024);
		auto room = std::make_shared<Room>("mixed", _metrics);
		std::vector<RoomMembership> memberships;
		for (auto& member: members) memberships.push_back(room->join(member->handle));
		const int count = 2000, window = 40;
		const std::string filler(500, 'm');
		// Members 1 and 2 read; member 0 does not, until the end. The
		// publisher keeps at most a window ahead of the readers, which it
		// could outrun and so make slow consumers of them too.
		std::atomic<int> read[3] = {{0}, {0}, {0}};
		std::thread publisher([&]
		{
			for (int i = 0; i < count; ++i)
			{
				const Poco::Timestamp start;
				while (std::min(read[1].load(), read[2].load()) < i - window && start.elapsed() < 5*1000*1000) std::this_thread::yield();
				room->publishText(std::to_string(i) + filler);
			}
		});
		std::vector<std::thread> readers;
		for (std::size_t m = 1; m < members.size(); ++m)
		{
			readers.emplace_back([&, m]
			{
				for (int i = 0; i < count; ++i)
				{
					CPPUNIT_ASSERT_EQUAL(std::to_string(i) + filler, members[m]->client.receive().payload);
					++read[m];
				}
			});
		}
		publisher.join();
		for (std::thread& thread: readers) thread.join();
		CPPUNIT_ASSERT(!members[0]->handle.isOpen());
		TestWebSocketClient::Frame frame = members[0]->client.receive();
		while (frame.opcode == TEXT) frame = members[0]->client.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(frame.opcode));
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1013), frame.closeCode());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), room->size());
	}

	void testQueuedMessagesWaitForFlush()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(2);
		auto room = std::make_shared<Room>("batch", _metrics);
		std::vector<RoomMembership> memberships;
		for (auto& member: members) memberships.push_back(room->join(member->handle));
		for (const char* text: {"one", "two", "three"}) CPPUNIT_ASSERT_EQUAL(std::size_t(2), room->queue(Outbox::makeFrame(Opcode::TEXT, text, std::strlen(text))));
		for (auto& member: members) CPPUNIT_ASSERT(nothingArrives(member->pair.client()));
		room->flush();
		for (auto& member: members)
		{
			for (const char* text: {"one", "two", "three"}) CPPUNIT_ASSERT_EQUAL(std::string(text), member->client.receive().payload);
		}
	}

	void testDirectoryForgetsUnheldRooms()
	{
		std::vector<std::unique_ptr<Member>> members = makeMembers(1);
		RoomDirectory directory(_metrics);
		RoomMembership membership = directory.room("a")->join(members[0]->handle);
		CPPUNIT_ASSERT(directory.room("a") == directory.find("a"));
		CPPUNIT_ASSERT(directory.room("b"));
		CPPUNIT_ASSERT(!directory.find("b"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), directory.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), directory.find("a")->size());
		membership.leave();
		CPPUNIT_ASSERT(!directory.find("a"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), directory.size());
	}

private:
	std::vector<std::unique_ptr<Member>> makeMembers(int count, int bufferSize = 0)
	{
		std::vector<std::unique_ptr<Member>> members;
		for (int i = 0; i < count; ++i) members.push_back(std::make_unique<Member>(_settings, _flusher, _metrics, bufferSize));
		return members;
	}

	static std::string drain(Member& member)
		/// The bytes that arrive until none has for a tenth of a second.
	{
		std::string bytes;
		char buffer[4096];
		while (member.pair.client().poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
		{
			const int n = member.pair.client().receiveBytes(buffer, sizeof(buffer));
			if (n <= 0) break;
			bytes.append(buffer, n);
		}
		return bytes;
	}

	WebSocketSettings _settings;
	ServerMetrics _metrics;
	OutboxFlusher _flusher;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RoomTest, "Room");


} // namespace pocows
