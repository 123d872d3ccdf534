//
// TestServer.h
//
// The real server, in-process, on an ephemeral loopback port, over a TestDocroot.
//


#ifndef Pocows_TestServer_INCLUDED
#define Pocows_TestServer_INCLUDED


#include "PocowsServer.h"
#include "support/TestDocroot.h"
#include <memory>


namespace pocows {


class TestServer
{
public:
	static ServerSettings defaultSettings();
		/// 127.0.0.1, port 0, a small pool, short timeouts.

	explicit TestServer(ServerSettings settings = defaultSettings());
		/// Starts the server; its docroot is a fresh TestDocroot.

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
