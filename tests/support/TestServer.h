//
// TestServer.h
//
// The real server, in-process, on an ephemeral loopback port, over a TestDocroot.
//


#ifndef Pocows_TestServer_INCLUDED
#define Pocows_TestServer_INCLUDED


#include "PocowsServer.h"
#include "support/TestDocroot.h"
#include <functional>
#include <memory>


namespace pocows {


class TestServer
{
public:
	static ServerSettings defaultSettings();
		/// 127.0.0.1, port 0, a small pool, short timeouts.

	using RouteAdder = std::function<void(WebSocketService& service)>;

	explicit TestServer(ServerSettings settings = defaultSettings(), const RouteAdder& addRoutes = RouteAdder());
		/// Starts the server; its docroot is a fresh TestDocroot. addRoutes,
		/// if given, adds WebSocket routes beside the built-in ones first.

	~TestServer();

	Poco::UInt16 port() const;

	PocowsServer& server();

	const TestDocroot& files() const;

private:
	TestDocroot _docroot;
	std::unique_ptr<PocowsServer> _server;
};


} // namespace pocows


#endif // Pocows_TestServer_INCLUDED
