//
// Outbox.cpp
//


#include "websocket/Outbox.h"
#include "websocket/OutboxFlusher.h"
#include "http/SocketFlags.h"
#include "Poco/Exception.h"
#include "Poco/Format.h"
#include "Poco/Net/NetException.h"
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#if !defined(POCO_OS_FAMILY_WINDOWS)
#include <sys/socket.h>
#endif


namespace pocows {


namespace
{
	// Payloads this large go out straight from the caller's buffer; smaller
	// ones are copied into the owner's buffer to be coalesced.
	const std::size_t DIRECT_WRITE_SIZE = 16*1024;
	const std::size_t FLUSH_SIZE = 64*1024;

	// A buffer that grew past this for a burst is given back, so that an
	// idle session stays small.
	const std::size_t KEEP_CAPACITY = 64*1024;
	const std::size_t KEEP_ENTRIES = 256;

	// Frames written with one system call, at most (Linux allows 1024).
	const std::size_t MAX_BUFFERS = 64;

#if defined(POCO_OS_FAMILY_WINDOWS)
	char* bufferData(const Poco::Net::SocketBuf& buffer) { return buffer.buf; }
	std::size_t bufferSize(const Poco::Net::SocketBuf& buffer) { return buffer.len; }
#else
	char* bufferData(const Poco::Net::SocketBuf& buffer) { return static_cast<char*>(buffer.iov_base); }
	std::size_t bufferSize(const Poco::Net::SocketBuf& buffer) { return buffer.iov_len; }
#endif
}


Outbox::Entry Outbox::EntryQueue::pop()
{
	Entry entry = std::move(items[head++]);
	if (head == items.size())
	{
		items.clear();
		head = 0;
		if (items.capacity() > KEEP_ENTRIES) std::vector<Entry>().swap(items);
	}
	return entry;
}


Outbox::Outbox(const Poco::Net::StreamSocket& socket, const WebSocketSettings& settings, OutboxFlusher& flusher, ServerMetrics& metrics):
	_socket(socket),
	_sendTimeout(settings.sendTimeout),
	_closeTimeout(settings.closeTimeout),
	_hardLimit(settings.outboundHardLimit),
	_softLimit(settings.outboundSoftLimit),
	_softTime(settings.outboundSoftTime),
	_flusher(flusher),
	_metrics(metrics),
	_owner(std::this_thread::get_id()),
	_writing(false),
	_closed(false),
	_failed(false),
	_backlogged(false),
	_watched(false),
	_dropPending(false),
	_closeQueued(false),
	_closeCode(0),
	_currentOffset(0),
	_queuedBytes(0),
	_overSoftLimit(false),
	_cutPending(false),
	_gatheredUrgent(0),
	_gatheredQueue(0)
{
	_socket.setSendTimeout(_sendTimeout);
	// The kernel's buffer comes before the outbox: left to autotuning, it
	// grows to megabytes for a peer that does not read.
	if (settings.sendBufferSize > 0) _socket.setSendBufferSize(static_cast<int>(settings.sendBufferSize));
}


Outbox::~Outbox()
{
	std::lock_guard<std::mutex> lock(_mutex);
	discardAllLocked();
}


Outbox::Frame Outbox::makeFrame(Opcode opcode, const char* data, std::size_t size, bool compressed)
{
	char header[FrameCodec::MAX_HEADER_LENGTH];
	const std::size_t headerSize = FrameCodec::encodeHeader(header, opcode, size);
	if (compressed) FrameCodec::markCompressed(header);
	auto frame = std::make_shared<std::string>();
	frame->reserve(headerSize + size);
	frame->append(header, headerSize);
	frame->append(data, size);
	return frame;
}


std::size_t Outbox::payloadSize(const Frame& frame)
{
	FrameHeader header;
	std::size_t headerLength = 0;
	if (FrameCodec::decodeHeader(frame->data(), frame->size(), header, headerLength) != FrameCodec::HEADER_COMPLETE) return 0;
	return static_cast<std::size_t>(header.payloadLength);
}


bool Outbox::post(const Frame& frame)
{
	return post(frame, payloadSize(frame));
}


bool Outbox::post(const Frame& frame, std::size_t payloadSize)
{
	bool accepted = false;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		accepted = enqueueLocked(frame, payloadSize);
		if (!takeRoleIfFreeLocked()) return accepted;
	}
	writeWithoutWaitingHoldingRole();
	return accepted;
}


bool Outbox::enqueue(const Frame& frame, std::size_t payloadSize)
{
	std::lock_guard<std::mutex> lock(_mutex);
	return enqueueLocked(frame, payloadSize);
}


void Outbox::writeQueued()
{
	if (!hasQueuedData()) return;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!takeRoleIfFreeLocked()) return;
	}
	writeWithoutWaitingHoldingRole();
}


bool Outbox::enqueueLocked(const Frame& frame, std::size_t payloadSize)
{
	if (_closed || _failed || _closeQueued)
	{
		_metrics.messagesDropped(1);
		return false;
	}
	// The owner's own earlier sends go first, in the order it made them.
	if (isOwnerThread()) moveOwnBufferToQueueLocked();
	// Each queued message also costs its entry, which a limit on bytes alone
	// would let a flood of tiny messages ignore.
	const std::size_t cost = frame->size() + (_queue.size() + 1)*sizeof(Entry);
	if (_hardLimit != 0 && _queuedBytes + cost > _hardLimit)
	{
		becomeSlowLocked(Poco::format("slow consumer: more than %z bytes queued", _hardLimit), true);
		_metrics.messagesDropped(1);
		return false;
	}
	Entry entry;
	entry.frame = frame;
	entry.payloadSize = payloadSize;
	entry.posted = true;
	_queue.push(std::move(entry));
	addQueuedLocked(frame->size());
	checkSoftLimitLocked();
	return !_closeQueued;
}


void Outbox::moveOwnBufferToQueueLocked()
{
	if (_own.empty()) return;
	Entry entry;
	entry.frame = std::make_shared<std::string>(std::move(_own));
	_own.clear();
	addQueuedLocked(entry.frame->size());
	_queue.push(std::move(entry));
}


void Outbox::checkSoftLimitLocked()
{
	if (_softLimit == 0 || _queuedBytes <= _softLimit)
	{
		_overSoftLimit = false;
		return;
	}
	const Poco::Timestamp now;
	if (!_overSoftLimit)
	{
		_overSoftLimit = true;
		_overSoftLimitSince = now;
		watchLocked();
		return;
	}
	if (now - _overSoftLimitSince >= _softTime.totalMicroseconds())
	{
		becomeSlowLocked(softLimitReason(), false);
	}
}


std::string Outbox::softLimitReason() const
{
	return Poco::format("slow consumer: more than %z bytes queued for %.1f s", _softLimit, _softTime.totalMicroseconds()/1e6);
}


void Outbox::becomeSlowLocked(const std::string& reason, bool hardLimit)
{
	if (_closeQueued) return;
	_metrics.slowConsumerClosed(hardLimit);
	queueCloseLocked(CloseCode::TRY_AGAIN_LATER, reason, true);
	startCutTimerLocked();
}


void Outbox::queueCloseLocked(unsigned short code, const std::string& reason, bool urgent)
{
	_closeQueued = true;
	_closeCode = code;
	_closeReason = reason;
	Entry entry;
	const std::string payload = FrameCodec::closePayload(code, reason);
	entry.frame = makeFrame(Opcode::CLOSE, payload.data(), payload.size());
	addQueuedLocked(entry.frame->size());
	if (!urgent)
	{
		_queue.push(std::move(entry));
		return;
	}
	// Nothing may follow a close frame, and one sent from outside the
	// session should not wait behind data the peer may never read.
	_urgent.push(std::move(entry));
	if (_writing) _dropPending = true;
	else dropPostedLocked();
}


void Outbox::dropPostedLocked()
{
	std::size_t dropped = 0;
	while (!_queue.empty())
	{
		const Entry entry = _queue.pop();
		removeQueuedLocked(entry.frame->size());
		if (entry.posted) ++dropped;
	}
	if (dropped > 0) _metrics.messagesDropped(dropped);
	_overSoftLimit = false;
}


void Outbox::discardAllLocked()
{
	if (_current.frame) removeQueuedLocked(_current.frame->size() - _currentOffset);
	_current = Entry();
	while (!_urgent.empty()) removeQueuedLocked(_urgent.pop().frame->size());
	dropPostedLocked();
	_backlogged = false;
	_cutPending = false;
}


void Outbox::addQueuedLocked(std::size_t size)
{
	_queuedBytes += size;
	_metrics.outboundQueued(static_cast<std::int64_t>(size));
}


void Outbox::removeQueuedLocked(std::size_t size)
{
	_queuedBytes -= size;
	_metrics.outboundQueued(-static_cast<std::int64_t>(size));
}


void Outbox::startCutTimerLocked()
{
	_cutPending = true;
	_cutDeadline = Poco::Timestamp() + _closeTimeout.totalMicroseconds();
	watchLocked();
}


void Outbox::watchLocked()
{
	if (_closed) return;
	if (_watched)
	{
		_flusher.wakeUp();
		return;
	}
	_watched = true;
	_flusher.watch(shared_from_this());
}


bool Outbox::takeRoleIfFreeLocked()
{
	if (_writing || _backlogged || _closed || _failed) return false;
	if (_queuedBytes == 0) return false;
	_writing = true;
	return true;
}


void Outbox::takeRole(std::unique_lock<std::mutex>& lock)
{
	// Other holders never wait on the peer, so this wait is short.
	_roleFree.wait(lock, [this] { return !_writing; });
	_writing = true;
	// The owner writes what it finds, waiting as long as it must; the
	// flusher need not watch the socket meanwhile.
	_backlogged = false;
}


void Outbox::releaseRoleLocked()
{
	_writing = false;
	if (_dropPending)
	{
		_dropPending = false;
		dropPostedLocked();
	}
	_roleFree.notify_all();
}


std::size_t Outbox::gatherLocked(bool withOwnBuffer, bool& reachedEnd)
	/// Lists what to write next, in the order it must go: the rest of a
	/// frame begun, control frames, data, and last the owner's buffer.
{
	_buffers.clear();
	_gatheredUrgent = 0;
	_gatheredQueue = 0;
	std::size_t size = 0;
	auto add = [&](const char* data, std::size_t length)
	{
		_buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(data), length));
		size += length;
	};
	if (_current.frame) add(_current.frame->data() + _currentOffset, _current.frame->size() - _currentOffset);
	while (_gatheredUrgent < _urgent.size() && _buffers.size() < MAX_BUFFERS)
	{
		const std::string& frame = *_urgent.items[_urgent.head + _gatheredUrgent++].frame;
		add(frame.data(), frame.size());
	}
	if (_gatheredUrgent == _urgent.size())
	{
		while (_gatheredQueue < _queue.size() && _buffers.size() < MAX_BUFFERS)
		{
			const std::string& frame = *_queue.items[_queue.head + _gatheredQueue++].frame;
			add(frame.data(), frame.size());
		}
	}
	reachedEnd = _gatheredUrgent == _urgent.size() && _gatheredQueue == _queue.size();
	if (withOwnBuffer && reachedEnd)
	{
		if (_closeQueued) _own.clear();
		else if (!_own.empty()) add(_own.data(), _own.size());
	}
	return size;
}


std::size_t Outbox::consumeLocked(std::size_t sent)
	/// Takes sent bytes off what gatherLocked() listed; returns how many of
	/// them were the owner's, which come last.
{
	std::size_t delivered = 0;
	std::size_t deliveredBytes = 0;
	while (sent > 0)
	{
		if (!_current.frame)
		{
			if (_gatheredUrgent > 0)
			{
				_current = _urgent.pop();
				--_gatheredUrgent;
			}
			else if (_gatheredQueue > 0)
			{
				_current = _queue.pop();
				--_gatheredQueue;
			}
			else break;
			_currentOffset = 0;
		}
		const std::size_t take = std::min(sent, _current.frame->size() - _currentOffset);
		_currentOffset += take;
		sent -= take;
		removeQueuedLocked(take);
		if (_currentOffset == _current.frame->size())
		{
			if (_current.posted)
			{
				++delivered;
				deliveredBytes += _current.payloadSize;
			}
			_current = Entry();
			_currentOffset = 0;
		}
	}
	_gatheredUrgent = 0;
	_gatheredQueue = 0;
	if (delivered > 0) _metrics.messagesDelivered(delivered, deliveredBytes);
	if (_overSoftLimit && _queuedBytes <= _softLimit) _overSoftLimit = false;
	if (_dropPending)
	{
		_dropPending = false;
		dropPostedLocked();
	}
	return sent;
}


void Outbox::writeWithoutWaitingHoldingRole()
{
	std::unique_lock<std::mutex> lock(_mutex);
	for (;;)
	{
		bool reachedEnd = false;
		const std::size_t size = gatherLocked(false, reachedEnd);
		if (size == 0) break;
		lock.unlock();
		std::size_t sent = 0;
		bool failed = false;
		try
		{
			sent = writeOnceWithoutWaiting();
		}
		catch (Poco::Exception&)
		{
			failed = true;
		}
		lock.lock();
		consumeLocked(sent);
		if (failed)
		{
			failLocked();
			break;
		}
		if (sent < size)
		{
			_backlogged = true;
			watchLocked();
			break;
		}
	}
	releaseRoleLocked();
}


void Outbox::writeAllHoldingRole(const char* payload, std::size_t payloadSize)
{
	std::unique_lock<std::mutex> lock(_mutex);
	bool ownWritten = false;
	while (!ownWritten)
	{
		bool reachedEnd = false;
		std::size_t size = gatherLocked(true, reachedEnd);
		if (reachedEnd && payloadSize > 0 && !_closeQueued)
		{
			_buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(payload), payloadSize));
			size += payloadSize;
		}
		ownWritten = reachedEnd;
		if (size == 0) break;
		lock.unlock();
		try
		{
			writeBlocking(size);
		}
		catch (Poco::Exception&)
		{
			lock.lock();
			failLocked();
			releaseRoleLocked();
			throw;
		}
		lock.lock();
		consumeLocked(size);
	}
	if (_own.capacity() > KEEP_CAPACITY) std::string().swap(_own);
	else _own.clear();
	// What others queued meanwhile is not the owner's to wait for.
	lock.unlock();
	writeWithoutWaitingHoldingRole();
}


void Outbox::writeBlocking(std::size_t size)
{
	const Poco::Timestamp start;
	bool timeoutShortened = false;
	for (;;)
	{
		const std::size_t sent = writeOnceBlocking();
		size -= std::min(sent, size);
		if (size == 0) break;
		advanceBuffers(sent);
		// A partial write means the peer reads slowly: the whole write, not
		// each piece of it, must finish within the send timeout.
		const Poco::Timespan remaining = _sendTimeout - Poco::Timespan(start.elapsed());
		if (remaining <= Poco::Timespan(0)) throw Poco::TimeoutException("peer does not read");
		_socket.setSendTimeout(remaining);
		timeoutShortened = true;
	}
	if (timeoutShortened) _socket.setSendTimeout(_sendTimeout);
}


std::size_t Outbox::writeOnceBlocking()
	/// One system call, which may send only part of what it is given.
{
	if (_buffers.size() == 1)
	{
		// POCO 1.11 falls short here: StreamSocketImpl::sendBytes() loops until
		// all is sent and gives every partial send a fresh timeout, so a peer
		// that reads slowly could stretch one write over many. Its base class
		// sends once. (A writev() of one buffer would do too, at a higher
		// cost in the kernel for every small message.)
		const int size = static_cast<int>(std::min<std::size_t>(bufferSize(_buffers[0]), INT_MAX));
		return static_cast<std::size_t>(_socket.impl()->Poco::Net::SocketImpl::sendBytes(bufferData(_buffers[0]), size));
	}
	return static_cast<std::size_t>(_socket.sendBytes(_buffers));
}


std::size_t Outbox::writeOnceWithoutWaiting()
	/// One system call that never blocks: returns what the socket took.
{
#if defined(POCO_OS_FAMILY_WINDOWS)
	// Windows has no flag that makes one call non-blocking on a blocking
	// socket. A writable socket takes at least part of a write; one larger
	// than its free buffer space can wait, at most websocket.sendTimeout.
	if (!_socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_WRITE)) return 0;
	return static_cast<std::size_t>(_socket.sendBytes(_buffers));
#else
	// POCO 1.11 falls short here: its sendBytes() of a buffer list is a
	// writev(), which takes no flags, so it would block on a full socket.
	msghdr message;
	std::memset(&message, 0, sizeof(message));
	message.msg_iov = _buffers.data();
	message.msg_iovlen = _buffers.size();
	for (;;)
	{
		const ssize_t sent = ::sendmsg(_socket.impl()->sockfd(), &message, SocketFlags::DONT_WAIT | MSG_NOSIGNAL);
		if (sent >= 0) return static_cast<std::size_t>(sent);
		if (errno == EINTR) continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
		throw Poco::Net::NetException("send failed", std::strerror(errno), errno);
	}
#endif
}


void Outbox::advanceBuffers(std::size_t sent)
{
	std::size_t done = 0;
	while (done < _buffers.size() && sent >= bufferSize(_buffers[done]))
	{
		sent -= bufferSize(_buffers[done]);
		++done;
	}
	_buffers.erase(_buffers.begin(), _buffers.begin() + done);
	if (sent > 0)
	{
		Poco::Net::SocketBuf& first = _buffers.front();
		first = Poco::Net::Socket::makeBuffer(bufferData(first) + sent, bufferSize(first) - sent);
	}
}


void Outbox::failLocked()
{
	_failed = true;
	discardAllLocked();
	// The session thread may be waiting for input: let it find out.
	try
	{
		_socket.shutdown();
	}
	catch (Poco::Exception&)
	{
	}
}


bool Outbox::isOwnerThread() const
{
	return std::this_thread::get_id() == _owner;
}


bool Outbox::hasQueuedData() const
{
	return _queuedBytes != 0;
}


void Outbox::closeFromOutside(unsigned short code, const std::string& reason)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_closed || _closeQueued) return;
		queueCloseLocked(code, reason, true);
		startCutTimerLocked();
		if (!takeRoleIfFreeLocked()) return;
	}
	writeWithoutWaitingHoldingRole();
}


bool Outbox::closeWithoutWaiting(unsigned short code, const std::string& reason)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_closed || _closeQueued) return true;
		queueCloseLocked(code, reason, true);
		// A holder of the write role writes the close frame next.
		if (_writing) return true;
		if (!takeRoleIfFreeLocked()) return false;
	}
	writeWithoutWaitingHoldingRole();
	std::lock_guard<std::mutex> lock(_mutex);
	return !_backlogged && !_failed;
}


void Outbox::abort()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_closed) return;
	try
	{
		// shutdown(), not close(): the descriptor must stay valid while the
		// session thread may still be using it.
		_socket.shutdown();
	}
	catch (Poco::Exception&)
	{
	}
}


bool Outbox::queuedClose(unsigned short& code, std::string& reason) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_closeQueued) return false;
	code = _closeCode;
	reason = _closeReason;
	return true;
}


void Outbox::send(const char* header, std::size_t headerSize, const char* payload, std::size_t payloadSize, bool coalesce)
{
	if (_closeQueued) return;
	_own.append(header, headerSize);
	if (payloadSize >= DIRECT_WRITE_SIZE)
	{
		std::unique_lock<std::mutex> lock(_mutex);
		takeRole(lock);
		lock.unlock();
		writeAllHoldingRole(payload, payloadSize);
		return;
	}
	_own.append(payload, payloadSize);
	if (!coalesce || _own.size() >= FLUSH_SIZE) flush();
}


void Outbox::sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_closed || _closeQueued) return;
		Entry entry;
		entry.frame = makeFrame(opcode, data, size);
		addQueuedLocked(entry.frame->size());
		_urgent.push(std::move(entry));
	}
	if (!coalesce) flush();
}


void Outbox::sendClose(unsigned short code, const std::string& reason)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_closed) return;
		if (!_closeQueued)
		{
			moveOwnBufferToQueueLocked();
			queueCloseLocked(code, reason, false);
		}
	}
	drain();
}


void Outbox::drain()
{
	std::unique_lock<std::mutex> lock(_mutex);
	if (_closed) return;
	takeRole(lock);
	lock.unlock();
	writeAllHoldingRole(nullptr, 0);
}


void Outbox::flush()
{
	if (_own.empty())
	{
		// Posted data is not the owner's to wait for.
		writeQueued();
		return;
	}
	std::unique_lock<std::mutex> lock(_mutex);
	if (_closed)
	{
		_own.clear();
		return;
	}
	takeRole(lock);
	lock.unlock();
	writeAllHoldingRole(nullptr, 0);
}


void Outbox::close()
{
	std::unique_lock<std::mutex> lock(_mutex);
	if (_closed) return;
	_roleFree.wait(lock, [this] { return !_writing; });
	_closed = true;
	discardAllLocked();
	_overSoftLimit = false;
	std::string().swap(_own);
	try
	{
		_socket.close();
	}
	catch (Poco::Exception&)
	{
	}
}


poco_socket_t Outbox::descriptor() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _closed ? POCO_INVALID_SOCKET : _socket.impl()->sockfd();
}


bool Outbox::waitsForSocket() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _backlogged && !_writing && !_closed;
}


Poco::Timestamp Outbox::deadline() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	Poco::Timestamp next(Poco::Timestamp::TIMEVAL_MAX);
	if (_closed) return next;
	if (_overSoftLimit && !_closeQueued) next = _overSoftLimitSince + _softTime.totalMicroseconds();
	if (_cutPending && _cutDeadline < next) next = _cutDeadline;
	return next;
}


void Outbox::socketWritable()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!_backlogged || _writing || _closed) return;
		_backlogged = false;
		_writing = true;
	}
	writeWithoutWaitingHoldingRole();
}


void Outbox::checkDeadlines(const Poco::Timestamp& now)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_closed) return;
		if (_cutPending && now >= _cutDeadline)
		{
			_cutPending = false;
			try
			{
				// A reset, once the session closes the socket: the data that the
				// peer's full window holds back is dropped at once, rather than
				// kept by the kernel until it gives up on the peer.
				_socket.setLinger(true, 0);
				_socket.shutdown();
			}
			catch (Poco::Exception&)
			{
			}
		}
		if (!_overSoftLimit || _closeQueued || now - _overSoftLimitSince < _softTime.totalMicroseconds()) return;
		becomeSlowLocked(softLimitReason(), false);
		if (!takeRoleIfFreeLocked()) return;
	}
	writeWithoutWaitingHoldingRole();
}


bool Outbox::stillWatched()
{
	std::lock_guard<std::mutex> lock(_mutex);
	const bool keep = !_closed && (_backlogged || _overSoftLimit || _cutPending);
	if (!keep) _watched = false;
	return keep;
}


} // namespace pocows
