//
// TestServer.cpp
//


#include "support/TestServer.h"


namespace pocows {


ServerSettings TestServer::defaultSettings()
{
	ServerSettings settings;
	settings.address = "127.0.0.1";
	settings.port = 0;
	settings.maxThreads = 32;
	settings.threadStackSize = 0;
	settings.requestTimeout = Poco::Timespan(5, 0);
	settings.keepAliveTimeout = Poco::Timespan(5, 0);
	settings.shutdownTimeout = Poco::Timespan(5, 0);
	settings.webSocket.closeTimeout = Poco::Timespan(2, 0);
	return settings;
}


TestServer::TestServer(ServerSettings settings, const RouteAdder& addRoutes)
{
	settings.files.docroot = _docroot.docroot();
	_server = std::make_unique<PocowsServer>(settings);
	if (addRoutes) addRoutes(_server->webSockets());
	_server->start();
}


TestServer::~TestServer()
{
	_server->stop();
}


Poco::UInt16 TestServer::port() const
{
	return _server->port();
}


PocowsServer& TestServer::server()
{
	return *_server;
}


const TestDocroot& TestServer::files() const
{
	return _docroot;
}


} // namespace pocows
