//
// StatsPublisher.h
//
// A timer thread that publishes the server's figures to the stats room once a second.
//


#ifndef Pocows_StatsPublisher_INCLUDED
#define Pocows_StatsPublisher_INCLUDED


#include "http/ServerMetrics.h"
#include "websocket/Room.h"
#include "Poco/Event.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <memory>
#include <string>


namespace pocows {


class StatsPublisher: public Poco::Runnable
	/// What htdocs/dashboard.html plots: once a second, while anyone is in
	/// the room, a JSON text of the server's figures and their rates since
	/// the last one:
	///
	///     {"type":"stats","ts":...,"sessions":...,"connections":...,
	///      "messagesInPerSecond":...,"messagesOutPerSecond":...,
	///      "bytesInPerSecond":...,"bytesOutPerSecond":...,
	///      "rejected":...,"rejectedPerSecond":...,"slowConsumerCloses":...,
	///      "queuedBytes":...,"residentBytes":...}
	///
	/// The thread is the room's only publisher, from any session's point of
	/// view an application thread that pushes.
{
public:
	explicit StatsPublisher(ServerMetrics& metrics);
		/// Starts the thread.

	~StatsPublisher() override;
		/// Stops it.

	void stop();

	const std::shared_ptr<Room>& room() const;
		/// The room that the dashboard's sessions join.

	std::string figures();
		/// The next message: figures now, and rates since the last call.

private:
	StatsPublisher(const StatsPublisher&) = delete;
	StatsPublisher& operator=(const StatsPublisher&) = delete;

	void run() override;

	ServerMetrics& _metrics;
	std::shared_ptr<Room> _room;
	ServerMetrics::Snapshot _last;
	Poco::Timestamp _lastTime;
	Poco::Event _stopping;
	bool _stopped;  // by the thread that stops it
	Poco::Thread _thread;
};


//
// inlines
//
inline const std::shared_ptr<Room>& StatsPublisher::room() const
{
	return _room;
}


} // namespace pocows


#endif // Pocows_StatsPublisher_INCLUDED
