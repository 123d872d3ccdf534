//
// Outbox.h
//
// What a connection has yet to send, from its own thread and from any other: the only way to its socket.
//


#ifndef Pocows_Outbox_INCLUDED
#define Pocows_Outbox_INCLUDED


#include "http/ServerMetrics.h"
#include "rfc6455/FrameCodec.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>


namespace pocows {


class OutboxFlusher;


class Outbox: public std::enable_shared_from_this<Outbox>
	/// Every byte a connection sends passes through its outbox, which lets
	/// one thread at a time write to the socket (it holds the "write role").
	///
	/// Two kinds of sender share it. The session's own thread, the owner,
	/// sends as it always has: small frames may wait in its coalescing buffer,
	/// and its writes may block on the peer for up to websocket.sendTimeout.
	/// Any other thread posts: post() queues a frame that was framed once and
	/// may be shared by many outboxes (server frames are unmasked, so every
	/// recipient gets the same bytes), and never blocks on the peer. Whoever
	/// finds the socket free writes everything queued, without waiting unless
	/// it is the owner; what the socket will not take at once is left to the
	/// OutboxFlusher, which writes it as the socket drains. So only the owner
	/// ever blocks on the socket, and no two threads write to it at once,
	/// which is also what a TLS connection needs.
	///
	/// Control frames (pings, pongs, a close sent from another thread) overtake
	/// queued data at the next frame boundary. Nothing is sent after a close.
	///
	/// Posted data is bounded. Past websocket.outboundHardLimit queued bytes,
	/// or above websocket.outboundSoftLimit for longer than
	/// websocket.outboundSoftTime, the outbox takes no more data, drops what
	/// it holds and closes the session with 1013; if that close has not ended
	/// the session within websocket.closeTimeout, the connection is cut.
{
public:
	using Frame = std::shared_ptr<const std::string>;
		///< one or more whole frames, ready for the wire

	Outbox(const Poco::Net::StreamSocket& socket, const WebSocketSettings& settings, OutboxFlusher& flusher, ServerMetrics& metrics);
		/// The owner is the thread that creates the outbox. flusher and
		/// metrics must outlive it.

	~Outbox();

	static Frame makeFrame(Opcode opcode, const char* data, std::size_t size, bool compressed = false);
		/// A whole unfragmented message (or control frame) as a frame; with
		/// compressed, data is a permessage-deflate payload and RSV1 is set.

	// Any thread.

	bool post(const Frame& frame);
		/// Queues a frame and writes what the socket takes now, if no one else
		/// is writing. Returns false if the frame was dropped: the session is
		/// closing, or has just passed a limit and will be closed for it.

	bool post(const Frame& frame, std::size_t payloadSize);
		/// The same, counting the message as payloadSize bytes in the metrics:
		/// its size before compression.

	static std::size_t payloadSize(const Frame& frame);
		/// The payload length its header gives: what it counts as in the metrics.

	bool enqueue(const Frame& frame, std::size_t payloadSize);
		/// Queues a frame without writing it; writeQueued() writes it.
		/// Returns false as post() does. Queuing a frame for many outboxes
		/// first and writing after gives them all the same order; its
		/// payloadSize() is worked out once for them all.

	void writeQueued();
		/// Writes what the socket takes now of what is queued, unless someone
		/// else is writing (who will write it) or the socket is full (the
		/// flusher will).

	void closeFromOutside(unsigned short code, const std::string& reason);
		/// Closes the session: the close frame overtakes queued data, which is
		/// dropped; if the session has not ended within websocket.closeTimeout,
		/// the connection is cut.

	bool closeWithoutWaiting(unsigned short code, const std::string& reason);
		/// Queues a close frame as closeFromOutside() does and writes it if the
		/// socket takes it at once. Returns false if it could not, and the
		/// caller should cut the connection; true if it went out, if a close
		/// had been queued before, or if another thread is writing (which
		/// then writes it).

	void abort();
		/// Cuts the TCP connection at once, waking a thread blocked on the
		/// socket; the descriptor stays valid until close().

	bool closeQueued() const;
		/// True once a close frame has been queued, by any thread.

	bool queuedClose(unsigned short& code, std::string& reason) const;
		/// The close frame queued, if there is one.

	std::size_t queuedBytes() const;
		/// Posted bytes not yet written.

	// The owner's thread.

	void send(const char* header, std::size_t headerSize, const char* payload, std::size_t payloadSize, bool coalesce);
		/// Sends a frame. With coalesce, a small one may wait in the owner's
		/// buffer for the next send or flush(). A large payload leaves straight
		/// from the caller's buffer. Blocks until the socket has taken it,
		/// behind whatever was queued before; throws Poco::TimeoutException if
		/// that takes longer than websocket.sendTimeout, or Poco::IOException
		/// if the connection fails. Does nothing once a close is queued.

	void sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce);
		/// A PING or PONG, ahead of queued data.

	void sendClose(unsigned short code, const std::string& reason);
		/// Sends a close frame behind everything the owner and others have
		/// queued, and waits as send() does. Nothing is queued after it. If
		/// a close was queued already, writes that one.

	void drain();
		/// Writes out everything queued, waiting as send() does.

	void flush();
		/// Writes out the owner's buffer and whatever is queued.

	void close();
		/// Closes the socket once no one is writing; later posts are dropped.

	// The OutboxFlusher's thread.

	poco_socket_t descriptor() const;
		/// The socket's descriptor, or POCO_INVALID_SOCKET once it is closed.

	bool waitsForSocket() const;
		/// True while queued data waits for the socket to drain.

	Poco::Timestamp deadline() const;
		/// When checkDeadlines() next has something to do, or
		/// Poco::Timestamp::TIMEVAL_MAX.

	void socketWritable();
		/// Writes what the socket now takes.

	void checkDeadlines(const Poco::Timestamp& now);
		/// Closes a session above the soft limit for too long, and cuts one
		/// whose close has not ended it in time.

	bool stillWatched();
		/// Whether the flusher must keep watching this outbox; once it says
		/// no, the next need to wait hands the outbox to the flusher again.

private:
	struct Entry
	{
		Frame frame;
		std::size_t payloadSize = 0;
		bool posted = false;  ///< a posted message, counted as delivered once written
	};

	struct EntryQueue
		/// A FIFO that allocates nothing while it is empty (std::deque would).
	{
		std::vector<Entry> items;
		std::size_t head = 0;

		bool empty() const { return head == items.size(); }
		std::size_t size() const { return items.size() - head; }
		void push(Entry entry) { items.push_back(std::move(entry)); }
		Entry pop();
		void clear() { items.clear(); head = 0; }
	};

	Outbox(const Outbox&) = delete;
	Outbox& operator=(const Outbox&) = delete;

	bool enqueueLocked(const Frame& frame, std::size_t payloadSize);
	void moveOwnBufferToQueueLocked();
	void checkSoftLimitLocked();
	std::string softLimitReason() const;
	void becomeSlowLocked(const std::string& reason, bool hardLimit);
	void queueCloseLocked(unsigned short code, const std::string& reason, bool urgent);
	void dropPostedLocked();
	void discardAllLocked();
	void addQueuedLocked(std::size_t size);
	void removeQueuedLocked(std::size_t size);
	void startCutTimerLocked();
	void watchLocked();
	bool takeRoleIfFreeLocked();
	void takeRole(std::unique_lock<std::mutex>& lock);
	void releaseRoleLocked();
	std::size_t gatherLocked(bool withOwnBuffer, bool& ownIncluded);
	std::size_t consumeLocked(std::size_t sent);
	void finishEntry(const Entry& entry);
	void writeWithoutWaitingHoldingRole();
	void writeAllHoldingRole(const char* payload, std::size_t payloadSize);
	void writeBlocking(std::size_t size);
	std::size_t writeOnceBlocking();
	std::size_t writeOnceWithoutWaiting();
	void advanceBuffers(std::size_t sent);
	void failLocked();
	bool isOwnerThread() const;
	bool hasQueuedData() const;

	Poco::Net::StreamSocket _socket;
	const Poco::Timespan _sendTimeout;
	const Poco::Timespan _closeTimeout;
	const std::size_t _hardLimit;
	const std::size_t _softLimit;
	const Poco::Timespan _softTime;
	OutboxFlusher& _flusher;
	ServerMetrics& _metrics;
	const std::thread::id _owner;

	mutable std::mutex _mutex;         // guards everything below except where noted
	std::condition_variable _roleFree;
	bool _writing;                     // someone holds the write role
	bool _closed;                      // the socket is closed: nothing more is written
	bool _failed;                      // a write failed: the connection is broken
	bool _backlogged;                  // the socket took less than offered: the flusher waits for it
	bool _watched;                     // the flusher holds this outbox
	bool _dropPending;                 // posted data must go once the role holder is done with it
	std::atomic<bool> _closeQueued;    // written under _mutex; read without it by the owner
	unsigned short _closeCode;
	std::string _closeReason;
	Entry _current;                    // the entry being written, maybe partly; role holder only
	std::size_t _currentOffset;
	EntryQueue _urgent;                // control frames, ahead of the data
	EntryQueue _queue;                 // data, in the order it was queued
	std::atomic<std::size_t> _queuedBytes;  // bytes in _current, _urgent and _queue
	bool _overSoftLimit;
	Poco::Timestamp _overSoftLimitSince;
	bool _cutPending;
	Poco::Timestamp _cutDeadline;

	std::string _own;                  // the owner's coalescing buffer; owner only
	Poco::Net::SocketBufVec _buffers;  // what the role holder writes next; role holder only
	std::size_t _gatheredUrgent;       // how many of _urgent and _queue _buffers holds
	std::size_t _gatheredQueue;
};


//
// inlines
//
inline bool Outbox::closeQueued() const
{
	return _closeQueued;
}


inline std::size_t Outbox::queuedBytes() const
{
	return _queuedBytes;
}


} // namespace pocows


#endif // Pocows_Outbox_INCLUDED
