//
// WebSocketHandshakeFuzzer.cpp
//
// libFuzzer target: the opening-handshake check fed arbitrary HTTP requests,
// parsed by POCO's own request parser as the server does.
//
// Whatever the request: the answer is one of the statuses the handshake may
// give; a refusal has a reason and no upgrade headers; an acceptance only
// for a GET over HTTP/1.1 with a key that is base64 of 16 bytes, from an
// allowed origin or none, and its Sec-WebSocket-Accept is the RFC's hash of
// that key. As the echo route does, the target selects "echo" when offered
// and refuses otherwise; the answer names "echo" exactly when it was offered.
//


#include "rfc6455/WebSocketHandshake.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Exception.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/String.h"
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>


using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace
{
	const pocows::OriginList ALLOWED("https://pocows.example, http://localhost:8181");

	void check(bool condition)
	{
		if (!condition) std::abort();
	}

	std::size_t decodedSize(const std::string& key)
	{
		std::istringstream encoded(key);
		Poco::Base64Decoder decoder(encoded);
		return std::string((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>()).size();
	}

	bool hasQuotingIn(const HTTPRequest& request, const std::string& header)
		/// Quotes and escapes have no place in a token list: this model does not say how they read.
	{
		for (const auto& field: request)
		{
			if (Poco::icompare(field.first, header) == 0 && field.second.find_first_of("\"\\") != std::string::npos) return true;
		}
		return false;
	}

	bool offersEcho(const HTTPRequest& request)
	{
		for (const auto& field: request)
		{
			if (Poco::icompare(field.first, "Sec-WebSocket-Protocol") != 0) continue;
			std::istringstream tokens(field.second);
			std::string token;
			while (std::getline(tokens, token, ','))
			{
				if (Poco::trim(token) == "echo") return true;
			}
		}
		return false;
	}

	void checkAccepted(const HTTPRequest& request, const HTTPResponse& response)
	{
		check(request.getMethod() == HTTPRequest::HTTP_GET && request.getVersion() == HTTPRequest::HTTP_1_1);
		check(request.get("Sec-WebSocket-Version", "") == "13");
		check(hasQuotingIn(request, "Sec-WebSocket-Protocol") || offersEcho(request));
		const std::string key = request.get("Sec-WebSocket-Key", "");
		check(key.size() == 24 && decodedSize(key) == 16);
		check(!request.has("Origin") || ALLOWED.allows(request.get("Origin")));
		check(response.getStatus() == HTTPResponse::HTTP_SWITCHING_PROTOCOLS);
		check(response.get("Sec-WebSocket-Accept", "") == pocows::WebSocketHandshake::computeAccept(key));
		check(response.get("Sec-WebSocket-Protocol", "") == "echo");
	}
}


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	HTTPRequest request;
	try
	{
		std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
		request.read(input);
	}
	catch (Poco::Exception&)
	{
		return 0;  // POCO answers 400 before any handler sees it
	}
	pocows::WebSocketHandshake handshake(request, ALLOWED);
	if (handshake.accepted())
	{
		check(hasQuotingIn(request, "Sec-WebSocket-Protocol") || handshake.offers("echo") == offersEcho(request));
		if (handshake.offers("echo")) handshake.selectSubprotocol("echo");
		else handshake.refuse(HTTPResponse::HTTP_BAD_REQUEST, "no echo");
	}
	HTTPResponse response;
	handshake.prepareResponse(response);
	if (handshake.accepted())
	{
		check(handshake.error().empty());
		checkAccepted(request, response);
		return 0;
	}
	const HTTPResponse::HTTPStatus status = handshake.status();
	check(status == HTTPResponse::HTTP_BAD_REQUEST || status == HTTPResponse::HTTP_FORBIDDEN
		|| status == HTTPResponse::HTTP_METHOD_NOT_ALLOWED || status == HTTPResponse::HTTP_UPGRADE_REQUIRED);
	check(response.getStatus() == status && !handshake.error().empty());
	check(!response.has("Sec-WebSocket-Accept") && !response.has("Sec-WebSocket-Protocol"));
	return 0;
}
