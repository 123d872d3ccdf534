//
// PocowsServer.cpp
//


#include "PocowsServer.h"
#include "EchoSession.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include <algorithm>


namespace pocows {


namespace
{
	const int LISTEN_BACKLOG = 1024;
	const int MIN_IDLE_THREADS = 2;
	const int THREAD_IDLE_SECONDS = 60;
	const std::string SOFTWARE_VERSION("pocows/" POCOWS_VERSION);
}


PocowsServer::PocowsServer(const ServerSettings& settings):
	_settings(settings),
	_threadPool("pocows", std::min(MIN_IDLE_THREADS, settings.maxThreads), settings.maxThreads, THREAD_IDLE_SECONDS, settings.threadStackSize),
	_router(new RequestRouter(settings.files, settings.webSocket)),
	_stopped(false)
{
	Poco::Net::HTTPRequestHandlerFactory::Ptr factory(_router);
	addServices();

	Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
	params->setMaxThreads(settings.maxThreads);
	params->setMaxQueued(settings.maxQueued);
	params->setTimeout(settings.requestTimeout);
	params->setKeepAlive(true);
	params->setKeepAliveTimeout(settings.keepAliveTimeout);
	params->setSoftwareVersion(SOFTWARE_VERSION);

	Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(settings.address, settings.port), LISTEN_BACKLOG);
	_server = std::make_unique<Poco::Net::HTTPServer>(factory, _threadPool, socket, params);
}


PocowsServer::~PocowsServer()
{
	stop();
}


void PocowsServer::addServices()
{
	_router->addWebSocketRoute("/echo", EchoSession::SUBPROTOCOL, [] { return std::make_unique<EchoSession>(); });
}


void PocowsServer::start()
{
	_server->start();
}


void PocowsServer::stop()
{
	if (_stopped) return;
	_stopped = true;
	_server->stop();
	_router->connections().shutdown(_settings.shutdownTimeout);
	_server->stopAll(false);
	_threadPool.joinAll();
}


Poco::UInt16 PocowsServer::port() const
{
	return _server->port();
}


} // namespace pocows
