//
// WebSocketHandler.cpp
//


#include "WebSocketHandler.h"
#include "ErrorPage.h"
#include "ServiceUnavailableResponder.h"
#include "WebSocketHandshake.h"
#include "Poco/Buffer.h"
#include "Poco/Format.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/HTTPServerSession.h"
#include "Poco/Timestamp.h"
#include <sstream>


using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;


namespace pocows {


namespace
{
	class SessionPlace
		/// A place among the registry's sessions, held from before the handshake
		/// is answered until the session is over.
	{
	public:
		explicit SessionPlace(ConnectionRegistry& registry):
			_registry(registry),
			_reserved(registry.reserve())
		{
		}

		~SessionPlace()
		{
			if (_reserved) _registry.release();
		}

		bool reserved() const
		{
			return _reserved;
		}

	private:
		ConnectionRegistry& _registry;
		const bool _reserved;
	};

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


WebSocketHandler::WebSocketHandler(const WebSocketRoute& route, const WebSocketSettings& settings, ConnectionRegistry& registry, ServerMetrics& metrics, Poco::Logger& logger):
	_route(route),
	_settings(settings),
	_registry(registry),
	_metrics(metrics),
	_logger(logger)
{
}


void WebSocketHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response)
{
	const std::string peer = request.clientAddress().toString();
	WebSocketHandshake handshake(request, _route.subprotocol, _settings.allowedOrigins);
	if (!handshake.accepted())
	{
		handshake.prepareResponse(response);
		poco_information(_logger, Poco::format("%s: handshake on %s refused (%d): %s", peer, _route.path, static_cast<int>(handshake.status()), handshake.error()));
		ErrorPage::send(response, handshake.status(), handshake.error());
		return;
	}
	SessionPlace place(_registry);
	if (!place.reserved())
	{
		_metrics.sessionRejected();
		poco_notice(_logger, Poco::format("%s: upgrade on %s refused: no session place left", peer, _route.path));
		response.set("Retry-After", std::to_string(ServiceUnavailableResponder::RETRY_AFTER_SECONDS));
		ErrorPage::send(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The server has no room for another WebSocket session; try again later.");
		return;
	}
	// The upgrade headers only now: a 503 must not carry them.
	handshake.prepareResponse(response);

	// Take the socket, and whatever the client sent behind its request, away
	// from the HTTP session: from now on the bytes are WebSocket frames.
	auto& requestImpl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
	Poco::Buffer<char> early(0);
	requestImpl.session().drainBuffer(early);
	Poco::Net::StreamSocket socket = requestImpl.detachSocket();
	sendResponseHead(socket, response);
	WebSocketConnection connection(socket, request.clientAddress(), _settings, _metrics, early.begin(), early.size());

	const Poco::Timestamp start;
	const Registration registration(_registry, connection);
	_metrics.sessionOpened();
	poco_information(_logger, Poco::format("%s: session opened on %s (%s)", peer, _route.path, _route.subprotocol));
	runSession(request, connection);
	_metrics.sessionClosed(connection.closeCode());
	logClose(connection, Poco::Timespan(start.elapsed()));
}


void WebSocketHandler::sendResponseHead(Poco::Net::StreamSocket& socket, const HTTPServerResponse& response)
{
	// Written straight to the socket rather than through response.send(),
	// whose output stream would hold a 4 KiB buffer for the whole session.
	std::ostringstream head;
	response.write(head);
	const std::string text = head.str();
	socket.sendBytes(text.data(), static_cast<int>(text.size()));
}


void WebSocketHandler::runSession(HTTPServerRequest& request, WebSocketConnection& connection)
{
	try
	{
		std::unique_ptr<WebSocketSession> session = _route.factory();
		session->run(request, connection);
		connection.close();
	}
	catch (std::exception& exc)
	{
		poco_error(_logger, Poco::format("%s: session on %s failed: %s", connection.peerAddress().toString(), _route.path, std::string(exc.what())));
		connection.close(CloseCode::INTERNAL_ERROR, "internal error");
	}
}


void WebSocketHandler::logClose(const WebSocketConnection& connection, const Poco::Timespan& duration)
{
	const WebSocketConnection::Statistics& stats = connection.statistics();
	poco_information(_logger, Poco::format("%s: session closed on %s after %.3f s: %Lu messages (%Lu bytes) in, %Lu messages (%Lu bytes) out, close %hu %s",
		connection.peerAddress().toString(), _route.path,
		duration.totalMicroseconds()/1e6,
		static_cast<Poco::UInt64>(stats.messagesIn), static_cast<Poco::UInt64>(stats.bytesIn),
		static_cast<Poco::UInt64>(stats.messagesOut), static_cast<Poco::UInt64>(stats.bytesOut),
		connection.closeCode(), connection.closeReason()));
}


} // namespace pocows
