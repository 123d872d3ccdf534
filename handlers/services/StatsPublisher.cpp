//
// StatsPublisher.cpp
//


#include "services/StatsPublisher.h"
#include "http/ProcessMemory.h"
#include "Poco/JSON/Object.h"
#include <sstream>


namespace pocows {


namespace
{
	const long INTERVAL_MILLISECONDS = 1000;

	double perSecond(std::uint64_t now, std::uint64_t before, double seconds)
	{
		return seconds > 0 ? static_cast<double>(now - before)/seconds : 0.0;
	}
}


StatsPublisher::StatsPublisher(ServerMetrics& metrics):
	_metrics(metrics),
	_room(std::make_shared<Room>("stats", metrics)),
	_last(metrics.snapshot()),
	_stopped(false),
	_thread("pocows-stats")
{
	_thread.start(*this);
}


StatsPublisher::~StatsPublisher()
{
	stop();
}


void StatsPublisher::stop()
{
	if (_stopped) return;
	_stopped = true;
	_stopping.set();
	// Joined even when it looks finished: isRunning() turns false before the
	// thread has quite left POCO's code.
	_thread.join();
}


void StatsPublisher::run()
{
	while (!_stopping.tryWait(INTERVAL_MILLISECONDS))
	{
		// The figures are read either way, so that the first a newcomer gets
		// has rates over one second, not since the last viewer left.
		const std::string message = figures();
		if (_room->size() > 0) _room->publishText(message);
	}
}


std::string StatsPublisher::figures()
{
	const ServerMetrics::Snapshot now = _metrics.snapshot();
	const Poco::Timestamp time;
	const double seconds = static_cast<double>(time - _lastTime)/Poco::Timestamp::resolution();
	Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
	object.set("type", "stats");
	object.set("ts", time.epochMicroseconds()/1000);
	object.set("sessions", now.sessionsOpen);
	object.set("connections", now.connectionsOpen);
	object.set("messagesInPerSecond", perSecond(now.messagesIn, _last.messagesIn, seconds));
	object.set("messagesOutPerSecond", perSecond(now.messagesOut, _last.messagesOut, seconds));
	object.set("bytesInPerSecond", perSecond(now.bytesIn, _last.bytesIn, seconds));
	object.set("bytesOutPerSecond", perSecond(now.bytesOut, _last.bytesOut, seconds));
	object.set("rejected", now.rejected);
	object.set("rejectedPerSecond", perSecond(now.rejected, _last.rejected, seconds));
	object.set("slowConsumerCloses", now.slowConsumerCloses);
	object.set("queuedBytes", now.outboundQueuedBytes);
	object.set("residentBytes", ProcessMemory::residentBytes());
	_last = now;
	_lastTime = time;
	std::ostringstream out;
	object.stringify(out);
	return out.str();
}


} // namespace pocows
