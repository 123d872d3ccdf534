//
// ServiceUnavailableResponder.cpp
//


#include "http/ServiceUnavailableResponder.h"
#include "http/SocketFlags.h"
#include "Poco/Exception.h"
#include "Poco/Net/PollSet.h"
#include <algorithm>


namespace pocows {


namespace
{
	const std::string BODY("503 Service Unavailable\nThe server is at capacity; try again later.\n");
	const std::string RESPONSE(
		"HTTP/1.1 503 Service Unavailable\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Retry-After: " + std::to_string(ServiceUnavailableResponder::RETRY_AFTER_SECONDS) + "\r\n"
		"Connection: close\r\n"
		"Content-Length: " + std::to_string(BODY.size()) + "\r\n"
		"\r\n" + BODY);

	const Poco::Timestamp::TimeDiff DRAIN_TIME = 1500*1000;
	const Poco::Timespan POLL_INTERVAL(0, 100*1000);

	// Beyond this many sockets draining at once, a new one is closed at once:
	// a flood must not turn into unbounded work.
	const std::size_t MAX_DRAINING = 1024;
}


ServiceUnavailableResponder::ServiceUnavailableResponder():
	_thread("pocows-503"),
	_stopped(false)
{
	_thread.start(*this);
}


ServiceUnavailableResponder::~ServiceUnavailableResponder()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopped = true;
	}
	_wake.notify_one();
	_thread.join();
}


void ServiceUnavailableResponder::respond(const Poco::Net::StreamSocket& socket)
{
	Poco::Net::StreamSocket client(socket);
	try
	{
		// A fresh socket's send buffer is empty: the answer fits without blocking.
		client.sendBytes(RESPONSE.data(), static_cast<int>(RESPONSE.size()), SocketFlags::DONT_WAIT);
		client.shutdownSend();
	}
	catch (Poco::Exception&)
	{
		return;
	}
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_incoming.size() >= MAX_DRAINING) return;
		_incoming.push_back(Draining{client, Poco::Timestamp()});
	}
	_wake.notify_one();
}


void ServiceUnavailableResponder::run()
{
	std::vector<Draining> draining;
	for (;;)
	{
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_wake.wait(lock, [&] { return _stopped || !_incoming.empty() || !draining.empty(); });
			if (_stopped) break;
		}
		adoptIncoming(draining);
		Poco::Net::PollSet pollSet;
		for (const Draining& entry: draining) pollSet.add(entry.socket, Poco::Net::PollSet::POLL_READ);
		const Poco::Net::PollSet::SocketModeMap ready = pollSet.poll(POLL_INTERVAL);
		draining.erase(std::remove_if(draining.begin(), draining.end(), [&](Draining& entry)
		{
			const bool done = entry.since.isElapsed(DRAIN_TIME) || (ready.count(entry.socket) > 0 && !drain(entry.socket));
			if (done) entry.socket.close();
			return done;
		}), draining.end());
	}
	for (Draining& entry: draining) entry.socket.close();
}


void ServiceUnavailableResponder::adoptIncoming(std::vector<Draining>& draining)
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (Draining& entry: _incoming)
	{
		if (draining.size() < MAX_DRAINING) draining.push_back(entry);
		else entry.socket.close();
	}
	_incoming.clear();
}


bool ServiceUnavailableResponder::drain(Poco::Net::StreamSocket& socket)
	/// Reads what is there; false once the client has closed (or failed).
{
	char buffer[4096];
	try
	{
		return socket.receiveBytes(buffer, sizeof(buffer), SocketFlags::DONT_WAIT) > 0;
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


} // namespace pocows
