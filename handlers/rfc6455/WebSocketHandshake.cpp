//
// WebSocketHandshake.cpp
//


#include "rfc6455/WebSocketHandshake.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/SHA1Engine.h"
#include "Poco/Ascii.h"
#include "Poco/Net/MessageHeader.h"
#include "Poco/String.h"
#include <algorithm>
#include <iterator>
#include <sstream>


using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace pocows {


namespace
{
	const std::string WEBSOCKET_GUID("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
	const std::size_t KEY_LENGTH = 24;         // base64 of 16 bytes
	const std::size_t DECODED_KEY_LENGTH = 16;
}


const std::string WebSocketHandshake::WEBSOCKET_VERSION("13");


WebSocketHandshake::WebSocketHandshake(const HTTPRequest& request, const OriginList& allowedOrigins):
	_status(HTTPResponse::HTTP_SWITCHING_PROTOCOLS),
	_deflateAccepted(false)
{
	check(request, allowedOrigins);
}


void WebSocketHandshake::check(const HTTPRequest& request, const OriginList& allowedOrigins)
{
	if (request.getMethod() != HTTPRequest::HTTP_GET)
		return refuse(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "A WebSocket handshake must be a GET request.");
	if (!hasToken(request, "Upgrade", "websocket"))
		return refuse(HTTPResponse::HTTP_UPGRADE_REQUIRED, "This is a WebSocket endpoint: the request must carry \"Upgrade: websocket\".");
	if (request.getVersion() != HTTPRequest::HTTP_1_1)
		return refuse(HTTPResponse::HTTP_BAD_REQUEST, "A WebSocket handshake requires HTTP/1.1.");
	if (!hasToken(request, "Connection", "upgrade"))
		return refuse(HTTPResponse::HTTP_BAD_REQUEST, "A WebSocket handshake must carry \"Connection: Upgrade\".");
	if (request.get("Sec-WebSocket-Version", "") != WEBSOCKET_VERSION)
		return refuse(HTTPResponse::HTTP_UPGRADE_REQUIRED, "Only WebSocket version 13 is supported.");
	const std::string key = request.get("Sec-WebSocket-Key", "");
	if (!isValidKey(key))
		return refuse(HTTPResponse::HTTP_BAD_REQUEST, "Sec-WebSocket-Key must be the base64 encoding of 16 bytes.");
	// Bytes after the handshake are WebSocket frames; a request body would be read as one.
	if (request.hasContentLength() || request.has(HTTPRequest::TRANSFER_ENCODING))
		return refuse(HTTPResponse::HTTP_BAD_REQUEST, "A WebSocket handshake must not have a body.");
	if (request.has("Origin") && !allowedOrigins.allows(request.get("Origin")))
		return refuse(HTTPResponse::HTTP_FORBIDDEN, "Pages from this origin may not open sessions on this service.");
	_subprotocols = listOf(request, "Sec-WebSocket-Protocol");
	_accept = computeAccept(key);
}


bool WebSocketHandshake::offers(const std::string& subprotocol) const
{
	return std::find(_subprotocols.begin(), _subprotocols.end(), subprotocol) != _subprotocols.end();
}


void WebSocketHandshake::selectSubprotocol(const std::string& subprotocol)
{
	if (!subprotocol.empty() && !offers(subprotocol))
		throw Poco::InvalidArgumentException("subprotocol not offered by the client", subprotocol);
	_subprotocol = subprotocol;
}


void WebSocketHandshake::negotiateDeflate(const HTTPRequest& request, const DeflateSettings& settings)
{
	// A repeated header is one list, in order (RFC 9110 section 5.3).
	std::string offers;
	for (const auto& field: request)
	{
		if (Poco::icompare(field.first, "Sec-WebSocket-Extensions") != 0) continue;
		if (!offers.empty()) offers += ", ";
		offers += field.second;
	}
	const DeflateNegotiation negotiation(ExtensionOffer::parseList(offers), settings);
	_deflateAccepted = negotiation.accepted();
	if (!_deflateAccepted) return;
	_deflateParameters = negotiation.parameters();
	_extensions = negotiation.response();
}


void WebSocketHandshake::refuse(HTTPResponse::HTTPStatus status, const std::string& error)
{
	_status = status;
	_error = error;
}


void WebSocketHandshake::prepareResponse(HTTPResponse& response) const
{
	response.setStatusAndReason(_status);
	if (accepted())
	{
		response.set("Upgrade", "websocket");
		response.set("Connection", "Upgrade");
		response.set("Sec-WebSocket-Accept", _accept);
		if (!_subprotocol.empty()) response.set("Sec-WebSocket-Protocol", _subprotocol);
		if (_deflateAccepted) response.set("Sec-WebSocket-Extensions", _extensions);
		response.setContentLength(HTTPResponse::UNKNOWN_CONTENT_LENGTH);
		return;
	}
	switch (_status)
	{
	case HTTPResponse::HTTP_METHOD_NOT_ALLOWED:
		response.set("Allow", "GET");
		break;
	case HTTPResponse::HTTP_UPGRADE_REQUIRED:
		response.set("Upgrade", "websocket");
		response.set("Sec-WebSocket-Version", WEBSOCKET_VERSION);
		break;
	default:
		break;
	}
}


std::vector<std::string> WebSocketHandshake::listOf(const HTTPRequest& request, const std::string& header)
{
	// A header may be repeated, and each may hold a comma-separated list
	// (RFC 9110 section 5.3). These lists hold tokens; anything else in
	// them names nothing a server could select or match.
	std::vector<std::string> list;
	std::vector<std::string> elements;
	for (const auto& field: request)
	{
		if (Poco::icompare(field.first, header) != 0) continue;
		Poco::Net::MessageHeader::splitElements(field.second, elements);
		std::copy_if(elements.begin(), elements.end(), std::back_inserter(list), isToken);
	}
	return list;
}


bool WebSocketHandshake::isToken(const std::string& text)
{
	// RFC 9110 section 5.6.2.
	static const std::string SYMBOLS("!#$%&'*+-.^_`|~");
	return !text.empty() && std::all_of(text.begin(), text.end(), [](char c)
	{
		return Poco::Ascii::isAlphaNumeric(c) || SYMBOLS.find(c) != std::string::npos;
	});
}


bool WebSocketHandshake::hasToken(const HTTPRequest& request, const std::string& header, const std::string& token)
{
	const std::vector<std::string> tokens = listOf(request, header);
	return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& candidate) { return Poco::icompare(candidate, token) == 0; });
}


bool WebSocketHandshake::isValidKey(const std::string& key)
{
	if (key.size() != KEY_LENGTH) return false;
	for (const char c: key)
	{
		const bool base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
		if (!base64) return false;
	}
	try
	{
		std::istringstream encoded(key);
		Poco::Base64Decoder decoder(encoded);
		std::string decoded((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
		return decoded.size() == DECODED_KEY_LENGTH;
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


std::string WebSocketHandshake::computeAccept(const std::string& key)
{
	Poco::SHA1Engine sha1;
	sha1.update(key + WEBSOCKET_GUID);
	const Poco::DigestEngine::Digest& digest = sha1.digest();
	std::ostringstream encoded;
	Poco::Base64Encoder encoder(encoded);
	encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
	encoder.close();
	return encoded.str();
}


} // namespace pocows
