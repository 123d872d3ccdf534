//
// ServiceUnavailableResponder.h
//
// Turns away connections the server has no thread for, with a real answer.
//


#ifndef Pocows_ServiceUnavailableResponder_INCLUDED
#define Pocows_ServiceUnavailableResponder_INCLUDED


#include "Poco/Net/StreamSocket.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <condition_variable>
#include <mutex>
#include <vector>


namespace pocows {


class ServiceUnavailableResponder: public Poco::Runnable
	/// Answers a connection with "503 Service Unavailable" and Retry-After,
	/// without waiting for its request and without blocking the caller.
	///
	/// Closing a socket whose request is still unread makes the kernel send a
	/// reset, which can destroy the answer before the client reads it. So the
	/// responder half-closes instead and hands the socket to its own thread,
	/// which reads and discards what the client sends until it closes, for at
	/// most a second and a half.
{
public:
	static const int RETRY_AFTER_SECONDS = 5;

	ServiceUnavailableResponder();

	~ServiceUnavailableResponder() override;
		/// Stops the thread and closes every socket still draining.

	void respond(const Poco::Net::StreamSocket& socket);
		/// Sends the 503 and takes the socket over. Thread-safe.

	void run() override;

private:
	struct Draining
	{
		Poco::Net::StreamSocket socket;
		Poco::Timestamp since;
	};

	void adoptIncoming(std::vector<Draining>& draining);
	static bool drain(Poco::Net::StreamSocket& socket);

	Poco::Thread _thread;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::vector<Draining> _incoming;
	bool _stopped;
};


} // namespace pocows


#endif // Pocows_ServiceUnavailableResponder_INCLUDED
