//
// PocowsServer.h
//
// The HTTP server with its thread pool, admission control and routes, built from ServerSettings.
//


#ifndef Pocows_PocowsServer_INCLUDED
#define Pocows_PocowsServer_INCLUDED


#include "http/CapacityFilter.h"
#include "RequestRouter.h"
#include "http/ServerMetrics.h"
#include "ServerSettings.h"
#include "http/ServiceUnavailableResponder.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/ThreadPool.h"
#include <memory>


namespace pocows {


class PocowsServer
	/// A Poco::Net::HTTPServer on its own thread pool, with the services of
	/// pocows on their routes: the echo service on /echo, the health check
	/// and metrics, and files on every other path. This is where a new
	/// service gets its route.
	///
	/// Every open HTTP connection holds a thread of the server's pool; a
	/// connection that finds them all busy is answered 503 at once instead
	/// of waiting in a queue. A WebSocket session, once its handshake is
	/// answered, moves to a thread of the session pool, sized for
	/// websocket.maxSessions.
{
public:
	explicit PocowsServer(const ServerSettings& settings);
		/// Binds the listening socket; throws if the address is taken or the
		/// document root is missing.

	~PocowsServer();

	void start();

	void stop();
		/// Stops accepting (new connections are refused), closes every
		/// WebSocket session with 1001, lets requests in progress finish, and
		/// cuts whatever is still open when the shutdown timeout has passed.

	Poco::UInt16 port() const;
		/// The port actually bound, also when the settings asked for 0.

	RequestRouter& router();

	const ServerMetrics& metrics() const;

private:
	void addServices();
	void finishRequests(const Poco::Timestamp& deadline);

	const ServerSettings _settings;
	ServerMetrics _metrics;
	ServiceUnavailableResponder _responder;
	Poco::ThreadPool _threadPool;
	Poco::ThreadPool _sessionThreads;
	// Shared with _server, and held here too, so that the router is freed
	// when a later member, such as the listening socket, fails to construct.
	Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
	RequestRouter& _router;
	Poco::Net::ServerSocket _socket;
	Poco::AutoPtr<CapacityFilter> _filter;
	const Poco::UInt16 _port;
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	bool _stopped;
};


inline RequestRouter& PocowsServer::router()
{
	return _router;
}


inline const ServerMetrics& PocowsServer::metrics() const
{
	return _metrics;
}


} // namespace pocows


#endif // Pocows_PocowsServer_INCLUDED
