//
// SessionRunner.cpp
//


#include "websocket/SessionRunner.h"
#include "Poco/Exception.h"
#include "Poco/Format.h"
#include "Poco/Timestamp.h"


namespace pocows {


namespace
{
	class Registration
		/// Keeps a connection in the registry, where shutdown() may call into
		/// it from another thread. Declared after the connection, it is
		/// destroyed before it: the connection leaves the registry while it
		/// still exists.
	{
	public:
		Registration(ConnectionRegistry& registry, WebSocketConnection& connection):
			_registry(registry),
			_connection(connection)
		{
			_registry.add(connection);
		}

		~Registration()
		{
			_registry.remove(_connection);
		}

	private:
		ConnectionRegistry& _registry;
		WebSocketConnection& _connection;
	};
}


SessionRunner::SessionRunner(const WebSocketRoute& route, const WebSocketSettings& settings, ConnectionRegistry& registry, ServerMetrics& metrics, Poco::Logger& logger,
		const Poco::Net::HTTPRequest& request, const Poco::Net::StreamSocket& socket, const Poco::Net::SocketAddress& peerAddress, std::string early):
	_route(route),
	_settings(settings),
	_registry(registry),
	_metrics(metrics),
	_logger(logger),
	_request(request),
	_socket(socket),
	_peerAddress(peerAddress),
	_early(std::move(early)),
	_closeCode(CloseCode::ABNORMAL)
{
	_metrics.sessionOpened();
}


SessionRunner::~SessionRunner()
{
	// The socket goes before the session stops counting as open, so that
	// the server never counts this connection as waiting for HTTP.
	_socket = Poco::Net::StreamSocket();
	_metrics.sessionClosed(_closeCode);
	_registry.release();
}


void SessionRunner::start(SessionRunner* runner, Poco::ThreadPool& threads)
{
	try
	{
		threads.start(*runner);
	}
	catch (Poco::Exception&)
	{
		// The pool has a thread for every reserved place, but one may still
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
	poco_information(_logger, Poco::format("%s: session opened on %s (%s)", _peerAddress.toString(), _route.path, _route.subprotocol));
	_closeCode = runSession(start);
}


unsigned short SessionRunner::runSession(const Poco::Timestamp& start)
{
	WebSocketConnection connection(_socket, _peerAddress, _settings, _metrics, _early.data(), _early.size());
	std::string().swap(_early);
	{
		const Registration registration(_registry, connection);
		runService(connection);
	}
	logClose(connection, Poco::Timespan(start.elapsed()));
	return connection.closeCode();
}


void SessionRunner::runService(WebSocketConnection& connection)
{
	try
	{
		std::unique_ptr<WebSocketSession> session = _route.factory();
		session->run(_request, connection);
		connection.close();
	}
	catch (std::exception& exc)
	{
		poco_error(_logger, Poco::format("%s: session on %s failed: %s", _peerAddress.toString(), _route.path, std::string(exc.what())));
		connection.close(CloseCode::INTERNAL_ERROR, "internal error");
	}
}


void SessionRunner::logClose(const WebSocketConnection& connection, const Poco::Timespan& duration)
{
	const WebSocketConnection::Statistics& stats = connection.statistics();
	poco_information(_logger, Poco::format("%s: session closed on %s after %.3f s: %Lu messages (%Lu bytes) in, %Lu messages (%Lu bytes) out, close %hu %s",
		_peerAddress.toString(), _route.path,
		duration.totalMicroseconds()/1e6,
		static_cast<Poco::UInt64>(stats.messagesIn), static_cast<Poco::UInt64>(stats.bytesIn),
		static_cast<Poco::UInt64>(stats.messagesOut), static_cast<Poco::UInt64>(stats.bytesOut),
		connection.closeCode(), connection.closeReason()));
}


} // namespace pocows
