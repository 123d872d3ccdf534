//
// WebSocketHandler.cpp
//


#include "websocket/WebSocketHandler.h"
#include "http/ErrorPage.h"
#include "http/ServiceUnavailableResponder.h"
#include "websocket/SessionRunner.h"
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


WebSocketHandler::WebSocketHandler(WebSocketService& service, const WebSocketRoute& route):
	_service(service),
	_route(route)
{
}


void WebSocketHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response)
{
	WebSocketHandshake handshake(request, _service.settings().allowedOrigins);
	if (!handshake.accepted()) return refuse(handshake, request, response);
	SessionDecision decision = _route.factory(request, handshake.subprotocols());
	if (!decision.accepted())
	{
		handshake.refuse(static_cast<HTTPResponse::HTTPStatus>(decision.status()), decision.reason());
		return refuse(handshake, request, response);
	}
	if (!decision.subprotocol().empty() && !handshake.offers(decision.subprotocol()))
		return refuseForBadSubprotocol(decision.subprotocol(), request, response);
	handshake.selectSubprotocol(decision.subprotocol());
	handshake.negotiateDeflate(request, _service.settings().deflate);
	SessionRegistry::Slot slot = _service.sessions().reserve(request.clientAddress().host());
	if (!slot) return refuseForCapacity(slot.refusal(), request, response);
	// The upgrade headers only now: a 503 must not carry them.
	handshake.prepareResponse(response);

	// Take the socket, and whatever the client sent behind its request, away
	// from the HTTP session: from now on the bytes are WebSocket frames.
	auto& requestImpl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
	Poco::Buffer<char> early(0);
	requestImpl.session().drainBuffer(early);
	Poco::Net::StreamSocket socket = requestImpl.detachSocket();
	sendResponseHead(socket, response);
	auto* runner = new SessionRunner(_service, _route, std::move(slot), std::move(decision), request, socket, std::string(early.begin(), early.size()),
		handshake.deflateAccepted() ? &handshake.deflateParameters() : nullptr);
	SessionRunner::start(runner, _service.sessionThreads());
}


void WebSocketHandler::refuse(const WebSocketHandshake& handshake, HTTPServerRequest& request, HTTPServerResponse& response)
{
	handshake.prepareResponse(response);
	poco_information(_service.logger(), Poco::format("%s: handshake on %s refused (%d): %s",
		request.clientAddress().toString(), _route.path, static_cast<int>(handshake.status()), handshake.error()));
	ErrorPage::send(response, handshake.status(), handshake.error());
}


void WebSocketHandler::refuseForBadSubprotocol(const std::string& subprotocol, HTTPServerRequest& request, HTTPServerResponse& response)
{
	// The service's mistake, not the client's: RFC 6455 lets a server select
	// only one of the subprotocols offered.
	poco_error(_service.logger(), Poco::format("%s: service on %s selected the subprotocol \"%s\", which the client did not offer",
		request.clientAddress().toString(), _route.path, subprotocol));
	ErrorPage::send(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
}


void WebSocketHandler::refuseForCapacity(SessionRegistry::Refusal refusal, HTTPServerRequest& request, HTTPServerResponse& response)
{
	const bool address = refusal == SessionRegistry::Refusal::ADDRESS_FULL;
	if (address) _service.metrics().sessionRejectedForAddress();
	else _service.metrics().sessionRejected();
	poco_notice(_service.logger(), Poco::format("%s: upgrade on %s refused: no session place left%s", request.clientAddress().toString(), _route.path,
		std::string(address ? " for this address" : "")));
	response.set("Retry-After", std::to_string(ServiceUnavailableResponder::RETRY_AFTER_SECONDS));
	ErrorPage::send(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "The server has no room for another WebSocket session; try again later.");
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
