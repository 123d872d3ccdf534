//
// SessionRunner.cpp
//


#include "websocket/SessionRunner.h"
#include "Poco/Exception.h"
#include "Poco/Format.h"
#include "Poco/Timestamp.h"


namespace pocows {


SessionRunner::SessionRunner(WebSocketService& service, const WebSocketRoute& route, SessionRegistry::Slot slot, SessionDecision decision,
		const Poco::Net::HTTPServerRequest& request, const Poco::Net::StreamSocket& socket, std::string early, const DeflateParameters* deflate):
	_service(service),
	_route(route),
	_slot(std::move(slot)),
	_session(decision.takeSession()),
	_subprotocol(decision.subprotocol()),
	_request(request),
	_socket(socket),
	_peerAddress(request.clientAddress()),
	_early(std::move(early)),
	_deflate(deflate != nullptr),
	_deflateParameters(deflate ? *deflate : DeflateParameters()),
	_closeCode(CloseCode::ABNORMAL)
{
	_service.metrics().sessionOpened();
}


SessionRunner::~SessionRunner()
{
	// The socket goes before the session stops counting as open, so that
	// the server never counts this connection as waiting for HTTP.
	_socket = Poco::Net::StreamSocket();
	_service.metrics().sessionClosed(_closeCode);
}


void SessionRunner::start(SessionRunner* runner, Poco::ThreadPool& threads)
{
	try
	{
		threads.start(*runner);
	}
	catch (Poco::Exception&)
	{
		// The pool has a thread for every session place, but one may still
		// be on its way back to the pool, or the system may refuse a new
		// one. The session then keeps the HTTP thread it is on.
		runner->run();
	}
}


void SessionRunner::run()
{
	// Owned from here, so that the place and the count are given back even
	// when the session ends in an exception.
	const std::unique_ptr<SessionRunner> self(this);
	const Poco::Timestamp start;
	poco_information(_service.logger(), Poco::format("%s: session opened on %s (%s, %s)", _peerAddress.toString(), _route.path,
		_subprotocol.empty() ? std::string("no subprotocol") : _subprotocol, compressionDescription()));
	_closeCode = runSession(start);
}


unsigned short SessionRunner::runSession(const Poco::Timestamp& start)
{
	WebSocketConnection connection(_socket, _peerAddress, _service.settings(), _service.metrics(), _service.flusher(), _early.data(), _early.size());
	std::string().swap(_early);
	if (_deflate) connection.enableCompression(_deflateParameters, _service.compressor());
	{
		// Declared after the connection: it leaves the registry, and gives
		// its place back, while the connection still exists.
		SessionRegistry::Slot slot = std::move(_slot);
		slot.attach(connection);
		runService(connection);
	}
	logClose(connection, Poco::Timespan(start.elapsed()));
	return connection.closeCode();
}


void SessionRunner::runService(WebSocketConnection& connection)
{
	try
	{
		_session->run(_request, connection);
		connection.close();
	}
	catch (std::exception& exc)
	{
		poco_error(_service.logger(), Poco::format("%s: session on %s failed: %s", _peerAddress.toString(), _route.path, std::string(exc.what())));
		connection.close(CloseCode::INTERNAL_ERROR, "internal error");
	}
	_session.reset();
}


std::string SessionRunner::compressionDescription() const
{
	if (!_deflate) return "uncompressed";
	const bool takeover = !_deflateParameters.serverNoContextTakeover || !_deflateParameters.clientNoContextTakeover;
	return Poco::format("permessage-deflate, %s, window %d", std::string(takeover ? "context takeover" : "no context takeover"),
		_deflateParameters.serverWindowBits);
}


void SessionRunner::logClose(const WebSocketConnection& connection, const Poco::Timespan& duration)
{
	const WebSocketConnection::Statistics& stats = connection.statistics();
	poco_information(_service.logger(), Poco::format("%s: session closed on %s after %.3f s: %Lu messages (%Lu bytes) in, %Lu messages (%Lu bytes) out, close %hu %s",
		_peerAddress.toString(), _route.path,
		duration.totalMicroseconds()/1e6,
		static_cast<Poco::UInt64>(stats.messagesIn), static_cast<Poco::UInt64>(stats.bytesIn),
		static_cast<Poco::UInt64>(stats.messagesOut), static_cast<Poco::UInt64>(stats.bytesOut),
		connection.closeCode(), connection.closeReason()));
}


} // namespace pocows
