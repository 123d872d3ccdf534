//
// SessionRegistryTest.cpp
//
// The places of WebSocket sessions: the cap, slots that give their place
// back however they are moved, and shutdown, which tells every attached
// connection (over a real loopback TCP connection) and waits for them, but
// not for ever.
//


#include "websocket/SessionRegistry.h"
#include "websocket/WebSocketConnection.h"
#include "websocket/WebSocketSettings.h"
#include "http/ServerMetrics.h"
#include "support/SocketPair.h"
#include "support/TestProcess.h"
#include "Poco/Exception.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>
#include <chrono>
#include <future>
#include <memory>


namespace pocows {


namespace
{
	const Poco::Timespan TIMEOUT(5, 0);
	const Poco::Timestamp::TimeDiff TIMEOUT_MICROSECONDS = TIMEOUT.totalMicroseconds();
	const Poco::Timespan LONG_SHUTDOWN(30, 0);

	// Close 1001 "server shutting down", as the server sends it: unmasked.
	const std::string SHUTDOWN_CLOSE_FRAME = std::string("\x88\x16\x03\xE9", 4) + "server shutting down";

	struct Peer
		/// A session's connection over a SocketPair, and the client's end of it.
	{
		Peer(const WebSocketSettings& settings, ServerMetrics& metrics):
			connection(std::make_unique<WebSocketConnection>(pair.server(), pair.client().address(), settings, metrics, flusher))
		{
		}

		std::string receive(std::size_t size)
			/// Exactly size bytes; fails if they do not arrive within the timeout.
		{
			std::string data;
			char buffer[256];
			while (data.size() < size)
			{
				int n = 0;
				try
				{
					n = pair.client().receiveBytes(buffer, static_cast<int>(std::min(sizeof(buffer), size - data.size())));
				}
				catch (Poco::TimeoutException&)
				{
					CPPUNIT_FAIL("nothing more arrived; received so far: " + std::to_string(data.size()) + " byte(s)");
				}
				CPPUNIT_ASSERT_MESSAGE("the stream ended after " + std::to_string(data.size()) + " byte(s)", n > 0);
				data.append(buffer, static_cast<std::size_t>(n));
			}
			return data;
		}

		bool receiveEnd()
			/// True if the stream ends, with nothing more, within the timeout.
		{
			char byte;
			try
			{
				return pair.client().receiveBytes(&byte, 1) == 0;
			}
			catch (Poco::Exception&)
			{
				return false;
			}
		}

		bool nothingArrives()
		{
			return pocows::nothingArrives(pair.client());
		}

		SocketPair pair;
		OutboxFlusher flusher;
		std::unique_ptr<WebSocketConnection> connection;
	};

	bool shutdownBegun(SessionRegistry& registry)
		/// Waits until reserve() refuses, as it does once shutdown() has begun
		/// (the registries here are never full). A place taken meanwhile is
		/// given back at once.
	{
		return waitFor([&] { return !registry.reserve(); }, TIMEOUT);
	}

	Poco::Timestamp::TimeDiff elapsedOf(std::future<Poco::Timestamp::TimeDiff>& shutdown)
		/// How long the shutdown() running in shutdown took; fails if it has
		/// not returned within the timeout.
	{
		CPPUNIT_ASSERT_MESSAGE("shutdown() did not return", shutdown.wait_for(std::chrono::microseconds(TIMEOUT_MICROSECONDS)) == std::future_status::ready);
		return shutdown.get();
	}

	std::future<Poco::Timestamp::TimeDiff> shutdownAside(SessionRegistry& registry, const Poco::Timespan& timeout)
	{
		return std::async(std::launch::async, [&registry, timeout]
		{
			const Poco::Timestamp start;
			registry.shutdown(timeout);
			return start.elapsed();
		});
	}
}


class SessionRegistryTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SessionRegistryTest);
	CPPUNIT_TEST(testCap);
	CPPUNIT_TEST(testCapPerAddress);
	CPPUNIT_TEST(testEmptySlotGivesNothingBack);
	CPPUNIT_TEST(testMovedFromSlotReleasesNothing);
	CPPUNIT_TEST(testMoveAssignmentReleasesOldPlace);
	CPPUNIT_TEST(testNoPlaceAfterShutdown);
	CPPUNIT_TEST(testShutdownReturnsWhenLastPlaceIsGivenBack);
	CPPUNIT_TEST(testShutdownReturnsAfterTimeout);
	CPPUNIT_TEST(testShutdownSendsClose1001);
	CPPUNIT_TEST(testShutdownCutsConnectionsStillThere);
	CPPUNIT_TEST(testShutdownLeavesAloneWhoLeftInTime);
	CPPUNIT_TEST(testAttachedDuringShutdownIsToldAtOnce);
	CPPUNIT_TEST(testMovedSlotKeepsItsConnection);
	CPPUNIT_TEST(testReleasedSlotTakesItsConnectionAlong);
	CPPUNIT_TEST_SUITE_END();

public:
	void testCapPerAddress()
	{
		SessionRegistry registry(3, 2);
		const Poco::Net::IPAddress one("192.0.2.1");
		const Poco::Net::IPAddress two("192.0.2.2");
		SessionRegistry::Slot a = registry.reserve(one);
		SessionRegistry::Slot b = registry.reserve(one);
		SessionRegistry::Slot refused = registry.reserve(one);
		CPPUNIT_ASSERT(a && b && !refused);
		CPPUNIT_ASSERT(refused.refusal() == SessionRegistry::Refusal::ADDRESS_FULL);
		CPPUNIT_ASSERT(a.refusal() == SessionRegistry::Refusal::NONE);
		SessionRegistry::Slot c = registry.reserve(two);
		CPPUNIT_ASSERT(c);
		// The registry is full now, whoever asks.
		SessionRegistry::Slot full = registry.reserve(Poco::Net::IPAddress("192.0.2.3"));
		CPPUNIT_ASSERT(!full && full.refusal() == SessionRegistry::Refusal::FULL);
		// A place given back is the address's again, also after a move.
		SessionRegistry::Slot moved = std::move(a);
		moved = SessionRegistry::Slot();
		SessionRegistry::Slot again = registry.reserve(one);
		CPPUNIT_ASSERT(again);
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), registry.size());
	}

	void testCap()
	{
		SessionRegistry registry(2);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
		SessionRegistry::Slot first = registry.reserve();
		SessionRegistry::Slot second = registry.reserve();
		CPPUNIT_ASSERT(first);
		CPPUNIT_ASSERT(second);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), registry.size());
		CPPUNIT_ASSERT(!registry.reserve());
		CPPUNIT_ASSERT(!registry.reserve());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), registry.size());
		{
			SessionRegistry::Slot gone = std::move(first);
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		SessionRegistry::Slot third = registry.reserve();
		CPPUNIT_ASSERT(third);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), registry.size());
		CPPUNIT_ASSERT(!registry.reserve());

		SessionRegistry none(0);
		CPPUNIT_ASSERT(!none.reserve());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), none.size());
	}

	void testEmptySlotGivesNothingBack()
	{
		SessionRegistry registry(1);
		SessionRegistry::Slot held = registry.reserve();
		CPPUNIT_ASSERT(held);
		{
			SessionRegistry::Slot refused = registry.reserve();
			CPPUNIT_ASSERT(!refused);
			SessionRegistry::Slot nothing;
			CPPUNIT_ASSERT(!nothing);
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		CPPUNIT_ASSERT(!registry.reserve());
	}

	void testMovedFromSlotReleasesNothing()
	{
		SessionRegistry registry(1);
		std::unique_ptr<SessionRegistry::Slot> original = std::make_unique<SessionRegistry::Slot>(registry.reserve());
		CPPUNIT_ASSERT(*original);
		SessionRegistry::Slot moved(std::move(*original));
		CPPUNIT_ASSERT(moved);
		CPPUNIT_ASSERT(!*original);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		original.reset();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		CPPUNIT_ASSERT(!registry.reserve());
		// Moved on once more, then given back once.
		{
			SessionRegistry::Slot last(std::move(moved));
			CPPUNIT_ASSERT(!moved);
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
		CPPUNIT_ASSERT(registry.reserve());
	}

	void testMoveAssignmentReleasesOldPlace()
	{
		SessionRegistry registry(3);
		SessionRegistry::Slot target = registry.reserve();
		SessionRegistry::Slot source = registry.reserve();
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), registry.size());
		target = std::move(source);
		CPPUNIT_ASSERT(target);
		CPPUNIT_ASSERT(!source);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		// Onto itself: nothing changes.
		SessionRegistry::Slot& same = target;
		target = std::move(same);
		CPPUNIT_ASSERT(target);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		// An empty slot assigned over a full one empties it.
		target = SessionRegistry::Slot();
		CPPUNIT_ASSERT(!target);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
		// And a place assigned into an empty slot is kept.
		source = registry.reserve();
		CPPUNIT_ASSERT(source);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
	}

	void testNoPlaceAfterShutdown()
	{
		SessionRegistry registry(10);
		SessionRegistry::Slot before = registry.reserve();
		CPPUNIT_ASSERT(before);
		registry.shutdown(Poco::Timespan(0));
		CPPUNIT_ASSERT(!registry.reserve());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		// A place taken before is still given back.
		before = SessionRegistry::Slot();
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
		CPPUNIT_ASSERT(!registry.reserve());
	}

	void testShutdownReturnsWhenLastPlaceIsGivenBack()
	{
		SessionRegistry registry(10);
		std::unique_ptr<SessionRegistry::Slot> first = std::make_unique<SessionRegistry::Slot>(registry.reserve());
		std::unique_ptr<SessionRegistry::Slot> second = std::make_unique<SessionRegistry::Slot>(registry.reserve());
		std::future<Poco::Timestamp::TimeDiff> shutdown = shutdownAside(registry, LONG_SHUTDOWN);
		CPPUNIT_ASSERT(shutdownBegun(registry));
		first.reset();
		// One place is still taken: it keeps waiting.
		CPPUNIT_ASSERT(shutdown.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
		second.reset();
		const Poco::Timestamp::TimeDiff elapsed = elapsedOf(shutdown);
		CPPUNIT_ASSERT(elapsed < TIMEOUT_MICROSECONDS);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
	}

	void testShutdownReturnsAfterTimeout()
	{
		SessionRegistry registry(10);
		SessionRegistry::Slot held = registry.reserve();
		const Poco::Timespan timeout(0, 300*1000);
		std::future<Poco::Timestamp::TimeDiff> shutdown = shutdownAside(registry, timeout);
		const Poco::Timestamp::TimeDiff elapsed = elapsedOf(shutdown);
		// Two clocks: allow a little for the one against the other.
		CPPUNIT_ASSERT(elapsed >= timeout.totalMicroseconds() - 20*1000);
		CPPUNIT_ASSERT(elapsed < TIMEOUT_MICROSECONDS);
		CPPUNIT_ASSERT(held);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
	}

	void testShutdownSendsClose1001()
	{
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer one(settings, metrics);
		Peer two(settings, metrics);
		SessionRegistry::Slot slotOne = registry.reserve();
		SessionRegistry::Slot slotTwo = registry.reserve();
		slotOne.attach(*one.connection);
		slotTwo.attach(*two.connection);
		// Attached, and nothing sent until the registry shuts down.
		CPPUNIT_ASSERT(one.nothingArrives());
		std::future<Poco::Timestamp::TimeDiff> shutdown = shutdownAside(registry, LONG_SHUTDOWN);
		const std::string frame = one.receive(SHUTDOWN_CLOSE_FRAME.size());
		CPPUNIT_ASSERT_EQUAL(char(0x88), frame[0]);
		CPPUNIT_ASSERT_EQUAL(char(2 + 20), frame[1]);
		CPPUNIT_ASSERT_EQUAL(char(0x03), frame[2]);
		CPPUNIT_ASSERT_EQUAL(char(0xE9), frame[3]);
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, frame);
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, two.receive(SHUTDOWN_CLOSE_FRAME.size()));
		// The sessions leave, as they would after the close handshake.
		slotOne = SessionRegistry::Slot();
		slotTwo = SessionRegistry::Slot();
		CPPUNIT_ASSERT(elapsedOf(shutdown) < TIMEOUT_MICROSECONDS);
	}

	void testShutdownCutsConnectionsStillThere()
	{
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer peer(settings, metrics);
		SessionRegistry::Slot slot = registry.reserve();
		slot.attach(*peer.connection);
		registry.shutdown(Poco::Timespan(0, 50*1000));
		// Told, and then, as it did not leave in time, cut off.
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, peer.receive(SHUTDOWN_CLOSE_FRAME.size()));
		CPPUNIT_ASSERT(peer.receiveEnd());
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
	}

	void testShutdownLeavesAloneWhoLeftInTime()
	{
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer peer(settings, metrics);
		std::unique_ptr<SessionRegistry::Slot> slot = std::make_unique<SessionRegistry::Slot>(registry.reserve());
		slot->attach(*peer.connection);
		// The session's side: on the close frame, it gives its place back.
		std::future<std::string> session = std::async(std::launch::async, [&]
		{
			const std::string frame = peer.receive(SHUTDOWN_CLOSE_FRAME.size());
			slot.reset();
			return frame;
		});
		const Poco::Timestamp start;
		registry.shutdown(LONG_SHUTDOWN);
		CPPUNIT_ASSERT(start.elapsed() < TIMEOUT_MICROSECONDS);
		CPPUNIT_ASSERT(session.wait_for(std::chrono::microseconds(TIMEOUT_MICROSECONDS)) == std::future_status::ready);
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, session.get());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
		// Out of the registry before the wait ended: its connection is not cut.
		CPPUNIT_ASSERT(peer.nothingArrives());
	}

	void testAttachedDuringShutdownIsToldAtOnce()
	{
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer peer(settings, metrics);
		// Reserved before the shutdown; its connection exists only after it began.
		std::unique_ptr<SessionRegistry::Slot> slot = std::make_unique<SessionRegistry::Slot>(registry.reserve());
		std::future<Poco::Timestamp::TimeDiff> shutdown = shutdownAside(registry, LONG_SHUTDOWN);
		CPPUNIT_ASSERT(shutdownBegun(registry));
		CPPUNIT_ASSERT(peer.nothingArrives());
		slot->attach(*peer.connection);
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, peer.receive(SHUTDOWN_CLOSE_FRAME.size()));
		CPPUNIT_ASSERT(shutdown.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
		slot.reset();
		CPPUNIT_ASSERT(elapsedOf(shutdown) < TIMEOUT_MICROSECONDS);

		// Attached once shutdown() is over, too.
		SessionRegistry done(10);
		Peer late(settings, metrics);
		SessionRegistry::Slot lateSlot = done.reserve();
		done.shutdown(Poco::Timespan(0));
		CPPUNIT_ASSERT(late.nothingArrives());
		lateSlot.attach(*late.connection);
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, late.receive(SHUTDOWN_CLOSE_FRAME.size()));
	}

	void testMovedSlotKeepsItsConnection()
	{
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer peer(settings, metrics);
		SessionRegistry::Slot moved;
		{
			SessionRegistry::Slot original = registry.reserve();
			original.attach(*peer.connection);
			moved = std::move(original);
		}
		CPPUNIT_ASSERT(moved);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		// The registry still knows the connection, through the slot it moved to.
		registry.shutdown(Poco::Timespan(0));
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, peer.receive(SHUTDOWN_CLOSE_FRAME.size()));
		CPPUNIT_ASSERT(peer.receiveEnd());
		moved = SessionRegistry::Slot();
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), registry.size());
	}

	void testReleasedSlotTakesItsConnectionAlong()
	{
		// A connection whose slot is gone must never be called into again:
		// it may no longer exist. Here it still does, so a call would show.
		const WebSocketSettings settings{};
		ServerMetrics metrics;
		SessionRegistry registry(10);
		Peer kept(settings, metrics);
		Peer direct(settings, metrics);
		Peer constructed(settings, metrics);
		Peer assigned(settings, metrics);
		SessionRegistry::Slot keptSlot = registry.reserve();
		keptSlot.attach(*kept.connection);
		{
			SessionRegistry::Slot slot = registry.reserve();
			slot.attach(*direct.connection);
		}
		{
			SessionRegistry::Slot slot = registry.reserve();
			slot.attach(*constructed.connection);
			SessionRegistry::Slot moved(std::move(slot));
		}
		{
			SessionRegistry::Slot slot = registry.reserve();
			slot.attach(*assigned.connection);
			SessionRegistry::Slot moved;
			moved = std::move(slot);
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), registry.size());
		registry.shutdown(Poco::Timespan(0));
		CPPUNIT_ASSERT_EQUAL(SHUTDOWN_CLOSE_FRAME, kept.receive(SHUTDOWN_CLOSE_FRAME.size()));
		CPPUNIT_ASSERT(kept.receiveEnd());
		CPPUNIT_ASSERT(direct.nothingArrives());
		CPPUNIT_ASSERT(constructed.nothingArrives());
		CPPUNIT_ASSERT(assigned.nothingArrives());
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SessionRegistryTest, "SessionRegistry");


} // namespace pocows
