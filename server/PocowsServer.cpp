//
// PocowsServer.cpp
//


#include "PocowsServer.h"
#include "RequestRouter.h"
#include "http/TimedServerSocket.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/SocketAddress.h"
#include <algorithm>
#include <future>


namespace pocows {


namespace
{
	const int LISTEN_BACKLOG = 1024;
	const int MIN_IDLE_THREADS = 2;
	const int THREAD_IDLE_SECONDS = 60;
	const std::string SOFTWARE_VERSION("pocows/" POCOWS_VERSION);

	ServerFacts factsOf(const ServerSettings& settings, bool runAsService)
	{
		ServerFacts facts;
		facts.version = POCOWS_VERSION;
		facts.runAsService = runAsService;
		facts.maxThreads = settings.maxThreads;
		return facts;
	}
}


PocowsServer::PocowsServer(const ServerSettings& settings, bool runAsService):
	_settings(settings),
	_threadPool("pocows", std::min(MIN_IDLE_THREADS, settings.maxThreads), settings.maxThreads, THREAD_IDLE_SECONDS, settings.threadStackSize),
	_webSockets(settings.webSocket, settings.threadStackSize, _metrics),
	_services(_webSockets, settings.chat, settings.dashboard),
	_files(settings.files),
	_router(new RequestRouter(_webSockets, _files, settings.status, factsOf(settings, runAsService), _metrics)),
	_socket(TimedServerSocket(Poco::Net::SocketAddress(settings.address, settings.port), LISTEN_BACKLOG, settings.requestTimeout, settings.sendTimeout, _metrics)),
	_port(_socket.address().port()),
	_stopped(false)
{
	Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
	params->setMaxThreads(settings.maxThreads);
	// The capacity filter admits a connection only while the queue has room,
	// so POCO's queue, which drops silently when full, never fills.
	params->setMaxQueued(settings.maxQueued);
	params->setTimeout(settings.requestTimeout);
	params->setKeepAlive(true);
	params->setKeepAliveTimeout(settings.keepAliveTimeout);
	params->setSoftwareVersion(SOFTWARE_VERSION);

	_server = std::make_unique<Poco::Net::HTTPServer>(_router, _threadPool, _socket, params);
	_filter = new CapacityFilter(settings.maxThreads, settings.maxQueued, *_server, _metrics, _responder, static_cast<std::size_t>(settings.maxConnectionsPerAddress));
	_server->setConnectionFilter(_filter);
}


PocowsServer::~PocowsServer()
{
	stop();
}


void PocowsServer::start()
{
	_server->start();
}


void PocowsServer::stop()
{
	if (_stopped) return;
	_stopped = true;
	const Poco::Timestamp deadline = Poco::Timestamp() + _settings.shutdownTimeout.totalMicroseconds();
	_filter->refuseAll();
	_server->stop();
	// Closing the listening socket makes the kernel refuse new connections
	// at once, rather than queue them where nobody will ever accept them.
	_socket.close();
	_services.stop();
	_webSockets.shutdown(_settings.shutdownTimeout);
	finishRequests(deadline);
	_webSockets.joinThreads();
	_threadPool.joinAll();
}


void PocowsServer::finishRequests(const Poco::Timestamp& deadline)
{
	// stopAll(false) closes idle keep-alive connections and waits for every
	// request in progress to finish; stopAll(true) cuts them. The first runs
	// aside, so that the second can follow it when the deadline passes.
	auto graceful = std::async(std::launch::async, [this] { _server->stopAll(false); });
	const auto remaining = std::chrono::microseconds(std::max<Poco::Timestamp::TimeDiff>(0, deadline - Poco::Timestamp()));
	if (graceful.wait_for(remaining) != std::future_status::ready) _server->stopAll(true);
	graceful.get();
}


Poco::UInt16 PocowsServer::port() const
{
	return _port;
}


std::size_t PocowsServer::openSessions() const
{
	return _webSockets.openSessions();
}


} // namespace pocows
