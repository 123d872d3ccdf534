//
// WebSocketService.cpp
//


#include "websocket/WebSocketService.h"
#include <algorithm>


namespace pocows {


namespace
{
	const int MIN_IDLE_THREADS = 2;
	const int THREAD_IDLE_SECONDS = 60;

	int sessionThreadsFor(std::size_t maxSessions)
	{
		// A thread for every session place, and a few for threads whose
		// session is over but which are not back in the pool yet.
		const int places = static_cast<int>(maxSessions);
		return places + std::max(16, places/16);
	}
}


WebSocketService::WebSocketService(const WebSocketSettings& settings, int threadStackSize, ServerMetrics& metrics):
	_settings(settings),
	_metrics(metrics),
	_logger(Poco::Logger::get("pocows.websocket")),
	_compressor(settings.deflate, metrics),
	_rooms(metrics),
	_sessions(settings.maxSessions, settings.maxSessionsPerAddress),
	_sessionThreads("pocows-session", MIN_IDLE_THREADS, sessionThreadsFor(settings.maxSessions), THREAD_IDLE_SECONDS, threadStackSize)
{
}


void WebSocketService::addRoute(const std::string& path, WebSocketRoute::Factory factory)
{
	_routes[path] = WebSocketRoute{path, std::move(factory)};
}


void WebSocketService::addRoute(const std::string& path, const std::string& subprotocol, WebSocketRoute::SessionMaker makeSession)
{
	addRoute(path, WebSocketRoute::requiring(subprotocol, std::move(makeSession)));
}


const WebSocketRoute* WebSocketService::findRoute(const std::string& path) const
{
	const auto route = _routes.find(path);
	return route == _routes.end() ? nullptr : &route->second;
}


std::size_t WebSocketService::openSessions() const
{
	return _sessions.size();
}


void WebSocketService::shutdown(const Poco::Timespan& timeout)
{
	_sessions.shutdown(timeout);
}


void WebSocketService::joinThreads()
{
	_sessionThreads.joinAll();
}


} // namespace pocows
