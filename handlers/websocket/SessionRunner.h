//
// SessionRunner.h
//
// Runs one WebSocket session, on a thread of the session pool, once its handshake is answered.
//


#ifndef Pocows_SessionRunner_INCLUDED
#define Pocows_SessionRunner_INCLUDED


#include "websocket/SessionDecision.h"
#include "websocket/SessionRegistry.h"
#include "websocket/WebSocketConnection.h"
#include "websocket/WebSocketRoute.h"
#include "websocket/WebSocketService.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Runnable.h"
#include "Poco/ThreadPool.h"
#include <memory>
#include <string>


namespace pocows {


class SessionRunner: public Poco::Runnable
	/// Everything a session needs once its HTTP request is over: the upgraded
	/// socket, the bytes the client sent behind its handshake, and a copy of
	/// the handshake request. The HTTP thread that answered the handshake
	/// hands it to the session pool and goes back to serving requests, so an
	/// open session costs its own thread and buffers, and none of POCO's
	/// HTTP connection state.
	///
	/// A runner holds its session's place in the registry and counts as an
	/// open session in the metrics until it is destroyed. run() deletes it
	/// when the session is over, also by an exception.
{
public:
	SessionRunner(WebSocketService& service, const WebSocketRoute& route, SessionRegistry::Slot slot, SessionDecision decision,
		const Poco::Net::HTTPServerRequest& request, const Poco::Net::StreamSocket& socket, std::string early,
		const DeflateParameters* deflate = nullptr);
		/// decision holds the accepted session; the session counts as open
		/// in the metrics from here on. deflate is what the handshake agreed
		/// on for permessage-deflate, if anything.

	~SessionRunner() override;
		/// Counts the session as closed, and gives its place back.

	static void start(SessionRunner* runner, Poco::ThreadPool& threads);
		/// Runs the session on a thread of threads or, if none is free,
		/// on the calling thread.

	void run() override;
		/// Runs the session until its connection closes, then deletes this.

private:
	SessionRunner(const SessionRunner&) = delete;
	SessionRunner& operator=(const SessionRunner&) = delete;

	unsigned short runSession(const Poco::Timestamp& start);
	void runService(WebSocketConnection& connection);
	std::string compressionDescription() const;
	void logClose(const WebSocketConnection& connection, const Poco::Timespan& duration);

	WebSocketService& _service;
	const WebSocketRoute& _route;
	SessionRegistry::Slot _slot;
	std::unique_ptr<WebSocketSession> _session;
	const std::string _subprotocol;
	const Poco::Net::HTTPRequest _request;
	Poco::Net::StreamSocket _socket;
	const Poco::Net::SocketAddress _peerAddress;
	std::string _early;
	bool _deflate;
	DeflateParameters _deflateParameters;
	unsigned short _closeCode;
};


} // namespace pocows


#endif // Pocows_SessionRunner_INCLUDED
