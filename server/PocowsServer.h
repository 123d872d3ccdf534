//
// PocowsServer.h
//
// The HTTP server with its thread pool and routes, built from ServerSettings.
//


#ifndef Pocows_PocowsServer_INCLUDED
#define Pocows_PocowsServer_INCLUDED


#include "RequestRouter.h"
#include "ServerSettings.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/ThreadPool.h"
#include <memory>


namespace pocows {


class PocowsServer
	/// A Poco::Net::HTTPServer on its own thread pool, with the services of
	/// pocows on their routes: the echo service on /echo, files on every
	/// other path. This is where a new service gets its route.
{
public:
	explicit PocowsServer(const ServerSettings& settings);
		/// Binds the listening socket; throws if the address is taken or the
		/// document root is missing.

	~PocowsServer();

	void start();

	void stop();
		/// Stops accepting, closes every WebSocket session with 1001 (waiting
		/// up to the shutdown timeout for their replies), lets requests in
		/// progress finish and waits for the threads.

	Poco::UInt16 port() const;
		/// The port actually bound, also when the settings asked for 0.

	RequestRouter& router();

private:
	void addServices();

	const ServerSettings _settings;
	Poco::ThreadPool _threadPool;
	RequestRouter* _router;  // owned by _server
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	bool _stopped;
};


inline RequestRouter& PocowsServer::router()
{
	return *_router;
}


} // namespace pocows


#endif // Pocows_PocowsServer_INCLUDED
