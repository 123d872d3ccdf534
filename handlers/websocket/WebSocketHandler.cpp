//
// WebSocketHandler.cpp
//


#include "websocket/WebSocketHandler.h"
#include "http/ErrorPage.h"
#include "http/ServiceUnavailableResponder.h"
#include "websocket/SessionRunner.h"
#include "rfc6455/WebSocketHandshake.h"
#include "Poco/Buffer.h"
#include "Poco/Format.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/HTTPServerSession.h"
#include <sstream>


using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;


namespace pocows {


namespace
{
	class SessionPlace
		/// A place among the registry's sessions, reserved before the handshake
		/// is answered; given back here unless a SessionRunner takes it over.
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

		void handOver()
		{
			_reserved = false;
		}

	private:
		ConnectionRegistry& _registry;
		bool _reserved;
	};
}


WebSocketHandler::WebSocketHandler(const WebSocketRoute& route, const WebSocketSettings& settings, ConnectionRegistry& registry, Poco::ThreadPool& sessionThreads, ServerMetrics& metrics, Poco::Logger& logger):
	_route(route),
	_settings(settings),
	_registry(registry),
	_sessionThreads(sessionThreads),
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
	auto* runner = new SessionRunner(_route, _settings, _registry, _metrics, _logger, request, socket, request.clientAddress(), std::string(early.begin(), early.size()));
	place.handOver();
	SessionRunner::start(runner, _sessionThreads);
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


} // namespace pocows
