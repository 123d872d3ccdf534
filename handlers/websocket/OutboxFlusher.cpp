//
// OutboxFlusher.cpp
//


#include "websocket/OutboxFlusher.h"
#include "websocket/Outbox.h"
#include "Poco/Exception.h"
#include "Poco/Timestamp.h"
#include <algorithm>
#if !defined(POCO_OS_FAMILY_WINDOWS)
#include <poll.h>
#endif


namespace pocows {


namespace
{
#if defined(POCO_OS_FAMILY_WINDOWS)
	using PollDescriptor = WSAPOLLFD;

	int pollDescriptors(std::vector<PollDescriptor>& descriptors, int timeoutMilliseconds)
	{
		return WSAPoll(descriptors.data(), static_cast<ULONG>(descriptors.size()), timeoutMilliseconds);
	}
#else
	using PollDescriptor = pollfd;

	int pollDescriptors(std::vector<PollDescriptor>& descriptors, int timeoutMilliseconds)
	{
		return ::poll(descriptors.data(), descriptors.size(), timeoutMilliseconds);
	}
#endif

	PollDescriptor descriptorFor(poco_socket_t socket, short events)
	{
		PollDescriptor descriptor;
		descriptor.fd = socket;
		descriptor.events = events;
		descriptor.revents = 0;
		return descriptor;
	}

	int millisecondsUntil(const Poco::Timestamp& deadline)
		/// A poll() timeout: -1 for no deadline, rounded up so as not to wake early.
	{
		if (deadline == Poco::Timestamp(Poco::Timestamp::TIMEVAL_MAX)) return -1;
		const Poco::Timestamp::TimeDiff left = deadline - Poco::Timestamp();
		if (left <= 0) return 0;
		return static_cast<int>(std::min<Poco::Timestamp::TimeDiff>((left + 999)/1000, 24*3600*1000));
	}
}


OutboxFlusher::OutboxFlusher():
	_waker(Poco::Net::SocketAddress("127.0.0.1", 0)),
	_wakePending(false),
	_stopping(false),
	_watchedCount(0),
	_thread("pocows-flusher")
{
	_wakerAddress = _waker.address();
	_waker.setBlocking(false);
	_thread.start(*this);
}


OutboxFlusher::~OutboxFlusher()
{
	stop();
}


void OutboxFlusher::watch(std::shared_ptr<Outbox> outbox)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return;
		_added.push_back(std::move(outbox));
	}
	wakeUp();
}


void OutboxFlusher::wakeUp()
{
	// The thread looks at every outbox again before it next waits.
	if (Poco::Thread::current() == &_thread) return;
	if (_wakePending.exchange(true)) return;
	try
	{
		_waker.sendTo("w", 1, _wakerAddress);
	}
	catch (Poco::Exception&)
	{
		// Only a full receive buffer refuses it, and that wakes the thread too.
	}
}


void OutboxFlusher::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return;
		_stopping = true;
		_added.clear();
	}
	_wakePending = false;
	wakeUp();
	_thread.join();
}


std::size_t OutboxFlusher::watched() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _watchedCount;
}


void OutboxFlusher::run()
{
	while (takeAdded())
	{
		waitForWork();
		serveWatched();
	}
	_watched.clear();
}


bool OutboxFlusher::takeAdded()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_stopping) return false;
	for (auto& outbox: _added) _watched.push_back(std::move(outbox));
	_added.clear();
	_watchedCount = _watched.size();
	return true;
}


void OutboxFlusher::waitForWork()
{
	std::vector<PollDescriptor> descriptors;
	std::vector<std::size_t> owners;
	descriptors.push_back(descriptorFor(_waker.impl()->sockfd(), POLLIN));
	Poco::Timestamp next(Poco::Timestamp::TIMEVAL_MAX);
	for (std::size_t i = 0; i < _watched.size(); ++i)
	{
		next = std::min(next, _watched[i]->deadline());
		if (!_watched[i]->waitsForSocket()) continue;
		const poco_socket_t socket = _watched[i]->descriptor();
		if (socket == POCO_INVALID_SOCKET) continue;
		descriptors.push_back(descriptorFor(socket, POLLOUT));
		owners.push_back(i);
	}
	_writable.assign(_watched.size(), false);
	if (pollDescriptors(descriptors, millisecondsUntil(next)) <= 0) return;
	for (std::size_t j = 1; j < descriptors.size(); ++j)
	{
		if (descriptors[j].revents != 0) _writable[owners[j - 1]] = true;
	}
	if (descriptors[0].revents != 0)
	{
		_wakePending = false;
		char byte[16];
		try
		{
			while (_waker.receiveBytes(byte, sizeof(byte)) > 0)
			{
			}
		}
		catch (Poco::Exception&)
		{
		}
	}
}


void OutboxFlusher::serveWatched()
{
	const Poco::Timestamp now;
	for (std::size_t i = 0; i < _watched.size(); ++i)
	{
		if (_writable[i]) _watched[i]->socketWritable();
		_watched[i]->checkDeadlines(now);
	}
	_watched.erase(std::remove_if(_watched.begin(), _watched.end(),
		[](const std::shared_ptr<Outbox>& outbox) { return !outbox->stillWatched(); }), _watched.end());
	std::lock_guard<std::mutex> lock(_mutex);
	_watchedCount = _watched.size();
}


} // namespace pocows
