//
// OutboxFlusher.h
//
// One thread that finishes the writes no sender could wait for, and keeps the slow-consumer clocks.
//


#ifndef Pocows_OutboxFlusher_INCLUDED
#define Pocows_OutboxFlusher_INCLUDED


#include "Poco/Net/DatagramSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>


namespace pocows {


class Outbox;


class OutboxFlusher: public Poco::Runnable
	/// Watches the outboxes whose socket was full when someone posted to
	/// them, writes what they hold as their sockets drain, and closes or
	/// cuts those that pass a slow-consumer limit. One thread serves every
	/// session of a server, so a peer that stops reading costs no thread of
	/// its own; it sleeps while no outbox needs it.
	///
	/// It waits with poll() on the watched sockets and on a UDP socket on
	/// the loopback interface, which watch() sends a byte to when the thread
	/// has to look again. That works alike on Linux and Windows (where
	/// eventfd does not exist). POCO 1.11's PollSet would do on Linux, but on
	/// Windows it asks every socket for writability (its fix for POCO issue
	/// 3248) and so returns at once, for ever.
{
public:
	OutboxFlusher();
		/// Starts the thread.

	~OutboxFlusher() override;
		/// Stops the thread.

	void watch(std::shared_ptr<Outbox> outbox);
		/// Thread-safe: keeps outbox until its stillWatched() says no.

	void wakeUp();
		/// Thread-safe: makes the thread look at its outboxes again, as one
		/// whose socket it did not wait for may now need it to.

	void stop();
		/// Stops the thread and lets go of every outbox; watch() then does nothing.

	std::size_t watched() const;
		/// How many outboxes the thread holds now.

private:
	OutboxFlusher(const OutboxFlusher&) = delete;
	OutboxFlusher& operator=(const OutboxFlusher&) = delete;

	void run() override;
	bool takeAdded();
	void waitForWork();
	void serveWatched();

	Poco::Net::DatagramSocket _waker;
	Poco::Net::SocketAddress _wakerAddress;
	std::atomic<bool> _wakePending;

	mutable std::mutex _mutex;  // guards _added, _stopping, _watchedCount
	std::vector<std::shared_ptr<Outbox>> _added;
	bool _stopping;
	std::size_t _watchedCount;

	std::vector<std::shared_ptr<Outbox>> _watched;  // the thread's own
	std::vector<bool> _writable;
	Poco::Thread _thread;
};


} // namespace pocows


#endif // Pocows_OutboxFlusher_INCLUDED
