//
// PocowsServer.h
//
// The HTTP server with its thread pool, admission control and routes, built from ServerSettings.
//


#ifndef Pocows_PocowsServer_INCLUDED
#define Pocows_PocowsServer_INCLUDED


#include "ServerSettings.h"
#include "files/StaticFileService.h"
#include "http/CapacityFilter.h"
#include "http/ServerMetrics.h"
#include "http/ServiceUnavailableResponder.h"
#include "services/BuiltinServices.h"
#include "websocket/WebSocketService.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/ThreadPool.h"
#include <memory>


namespace pocows {


class PocowsServer
	/// A Poco::Net::HTTPServer on its own thread pool, with the services of
	/// pocows on their routes: the built-in WebSocket services (see
	/// services/BuiltinServices), the health check and metrics, and files on
	/// every other path.
	///
	/// Every open HTTP connection holds a thread of the server's pool; a
	/// connection that finds them all busy is answered 503 at once instead
	/// of waiting in a queue. A WebSocket session, once its handshake is
	/// answered, moves to a thread of the session pool, sized for
	/// websocket.maxSessions.
{
public:
	explicit PocowsServer(const ServerSettings& settings, bool runAsService = false);
		/// Binds the listening socket; throws if the address is taken or the
		/// document root is missing. runAsService is reported by the health check.

	~PocowsServer();

	void start();

	void stop();
		/// Stops accepting (new connections are refused), closes every
		/// WebSocket session with 1001, lets requests in progress finish, and
		/// cuts whatever is still open when the shutdown timeout has passed.

	Poco::UInt16 port() const;
		/// The port actually bound, also when the settings asked for 0.

	std::size_t openSessions() const;
		/// WebSocket sessions open now, and handshakes about to open one.

	WebSocketService& webSockets();
		/// Where routes are added, before start().

	const ServerMetrics& metrics() const;

private:
	void finishRequests(const Poco::Timestamp& deadline);

	const ServerSettings _settings;
	ServerMetrics _metrics;
	ServiceUnavailableResponder _responder;
	Poco::ThreadPool _threadPool;
	WebSocketService _webSockets;
	BuiltinServices _services;
	StaticFileService _files;
	// Shared with _server, and held here too, so that the router is freed
	// when a later member, such as the listening socket, fails to construct.
	Poco::Net::HTTPRequestHandlerFactory::Ptr _router;
	Poco::Net::ServerSocket _socket;
	Poco::AutoPtr<CapacityFilter> _filter;
	const Poco::UInt16 _port;
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	bool _stopped;
};


inline WebSocketService& PocowsServer::webSockets()
{
	return _webSockets;
}


inline const ServerMetrics& PocowsServer::metrics() const
{
	return _metrics;
}


} // namespace pocows


#endif // Pocows_PocowsServer_INCLUDED
