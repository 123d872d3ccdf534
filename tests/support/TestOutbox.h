//
// TestOutbox.h
//
// An Outbox on one end of a socket pair, with a flusher and metrics of its own, for unit tests.
//


#ifndef Pocows_TestOutbox_INCLUDED
#define Pocows_TestOutbox_INCLUDED


#include "http/ServerMetrics.h"
#include "websocket/Outbox.h"
#include "websocket/OutboxFlusher.h"
#include "websocket/WebSocketSettings.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include <memory>


namespace pocows {


class TestOutbox
	/// Owns what an Outbox needs; the thread that creates it is the owner.
{
public:
	explicit TestOutbox(Poco::Net::StreamSocket& socket, const WebSocketSettings& settings = WebSocketSettings());

	static WebSocketSettings withSendTimeout(const Poco::Timespan& sendTimeout);

	Outbox& operator*();
	Outbox* operator->();
	const std::shared_ptr<Outbox>& shared();
	ServerMetrics& metrics();
	OutboxFlusher& flusher();

private:
	ServerMetrics _metrics;
	OutboxFlusher _flusher;
	std::shared_ptr<Outbox> _outbox;
};


inline Outbox& TestOutbox::operator*()
{
	return *_outbox;
}


inline Outbox* TestOutbox::operator->()
{
	return _outbox.get();
}


inline const std::shared_ptr<Outbox>& TestOutbox::shared()
{
	return _outbox;
}


inline ServerMetrics& TestOutbox::metrics()
{
	return _metrics;
}


inline OutboxFlusher& TestOutbox::flusher()
{
	return _flusher;
}


} // namespace pocows


#endif // Pocows_TestOutbox_INCLUDED
