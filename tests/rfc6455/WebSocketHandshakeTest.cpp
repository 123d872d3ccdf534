//
// WebSocketHandshakeTest.cpp
//


#include "rfc6455/WebSocketHandshake.h"
#include "Poco/Exception.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>
#include <vector>


using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace pocows {


namespace
{
	HTTPRequest validRequest()
	{
		HTTPRequest request(HTTPRequest::HTTP_GET, "/echo", HTTPRequest::HTTP_1_1);
		request.set("Host", "localhost");
		request.set("Upgrade", "websocket");
		request.set("Connection", "Upgrade");
		request.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
		request.set("Sec-WebSocket-Version", "13");
		request.set("Sec-WebSocket-Protocol", "echo");
		return request;
	}

	HTTPResponse::HTTPStatus statusOf(const HTTPRequest& request)
	{
		return WebSocketHandshake(request).status();
	}
}


class WebSocketHandshakeTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WebSocketHandshakeTest);
	CPPUNIT_TEST(testAcceptKeyFromRfc);
	CPPUNIT_TEST(testValidHandshake);
	CPPUNIT_TEST(testHeaderListsAndCase);
	CPPUNIT_TEST(testMethodAndVersion);
	CPPUNIT_TEST(testUpgradeAndConnection);
	CPPUNIT_TEST(testWebSocketVersion);
	CPPUNIT_TEST(testKeys);
	CPPUNIT_TEST(testBody);
	CPPUNIT_TEST(testSubprotocol);
	CPPUNIT_TEST(testRefusalOnBehalfOfTheService);
	CPPUNIT_TEST(testOriginSerialization);
	CPPUNIT_TEST(testNotOrigins);
	CPPUNIT_TEST(testAllowedOrigins);
	CPPUNIT_TEST_SUITE_END();

public:
	void testAcceptKeyFromRfc()
	{
		// RFC 6455 section 1.3.
		CPPUNIT_ASSERT_EQUAL(std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), WebSocketHandshake::computeAccept("dGhlIHNhbXBsZSBub25jZQ=="));
	}

	void testValidHandshake()
	{
		WebSocketHandshake handshake(validRequest());
		CPPUNIT_ASSERT(handshake.accepted());
		handshake.selectSubprotocol("echo");
		HTTPResponse response;
		handshake.prepareResponse(response);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_SWITCHING_PROTOCOLS, response.getStatus());
		CPPUNIT_ASSERT_EQUAL(std::string("websocket"), response.get("Upgrade"));
		CPPUNIT_ASSERT_EQUAL(std::string("Upgrade"), response.get("Connection"));
		CPPUNIT_ASSERT_EQUAL(std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), response.get("Sec-WebSocket-Accept"));
		CPPUNIT_ASSERT_EQUAL(std::string("echo"), response.get("Sec-WebSocket-Protocol"));
		CPPUNIT_ASSERT(!response.has("Sec-WebSocket-Extensions"));
	}

	void testHeaderListsAndCase()
	{
		HTTPRequest request = validRequest();
		request.set("Upgrade", "WebSocket");
		request.set("Connection", "keep-alive, Upgrade");
		request.set("Sec-WebSocket-Protocol", "chat, echo");
		request.set("Sec-WebSocket-Extensions", "permessage-deflate");
		const WebSocketHandshake listed(request);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_SWITCHING_PROTOCOLS, listed.status());
		CPPUNIT_ASSERT(listed.subprotocols() == std::vector<std::string>({"chat", "echo"}));

		HTTPRequest repeated = validRequest();
		repeated.erase("Sec-WebSocket-Protocol");
		repeated.add("Sec-WebSocket-Protocol", "chat");
		repeated.add("Sec-WebSocket-Protocol", " superchat,, echo ");
		const WebSocketHandshake inOrder(repeated);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_SWITCHING_PROTOCOLS, inOrder.status());
		CPPUNIT_ASSERT(inOrder.subprotocols() == std::vector<std::string>({"chat", "superchat", "echo"}));
	}

	void testMethodAndVersion()
	{
		HTTPRequest post = validRequest();
		post.setMethod(HTTPRequest::HTTP_POST);
		const WebSocketHandshake handshake(post);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, handshake.status());
		HTTPResponse response;
		handshake.prepareResponse(response);
		CPPUNIT_ASSERT_EQUAL(std::string("GET"), response.get("Allow"));

		HTTPRequest http10 = validRequest();
		http10.setVersion(HTTPRequest::HTTP_1_0);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_BAD_REQUEST, statusOf(http10));
	}

	void testUpgradeAndConnection()
	{
		HTTPRequest noUpgrade = validRequest();
		noUpgrade.erase("Upgrade");
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_UPGRADE_REQUIRED, statusOf(noUpgrade));

		HTTPRequest otherUpgrade = validRequest();
		otherUpgrade.set("Upgrade", "h2c");
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_UPGRADE_REQUIRED, statusOf(otherUpgrade));

		HTTPRequest noConnection = validRequest();
		noConnection.set("Connection", "keep-alive");
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_BAD_REQUEST, statusOf(noConnection));
	}

	void testWebSocketVersion()
	{
		for (const char* version: {"8", "12", "14", "", "13, 8"})
		{
			HTTPRequest request = validRequest();
			request.set("Sec-WebSocket-Version", version);
			const WebSocketHandshake handshake(request);
			CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_UPGRADE_REQUIRED, handshake.status());
			HTTPResponse response;
			handshake.prepareResponse(response);
			CPPUNIT_ASSERT_EQUAL(std::string("13"), response.get("Sec-WebSocket-Version"));
		}
	}

	void testKeys()
	{
		for (const char* key: {"", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ===", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZ!==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "dGhlIHNhbXBsZSBub25jZQo="})
		{
			HTTPRequest request = validRequest();
			request.set("Sec-WebSocket-Key", key);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(key, HTTPResponse::HTTP_BAD_REQUEST, statusOf(request));
		}
		HTTPRequest other = validRequest();
		other.set("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA==");
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_SWITCHING_PROTOCOLS, statusOf(other));
	}

	void testBody()
	{
		HTTPRequest withLength = validRequest();
		withLength.setContentLength(5);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_BAD_REQUEST, statusOf(withLength));
		HTTPRequest chunked = validRequest();
		chunked.setChunkedTransferEncoding(true);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_BAD_REQUEST, statusOf(chunked));
	}

	void testSubprotocol()
	{
		HTTPRequest none = validRequest();
		none.erase("Sec-WebSocket-Protocol");
		WebSocketHandshake withoutProtocol(none);
		CPPUNIT_ASSERT(withoutProtocol.accepted());
		CPPUNIT_ASSERT(withoutProtocol.subprotocols().empty());
		HTTPResponse plain;
		withoutProtocol.prepareResponse(plain);
		CPPUNIT_ASSERT(!plain.has("Sec-WebSocket-Protocol"));

		// Names compare exactly (RFC 6455 section 11.3.4), and only an offered one may be selected.
		for (const char* other: {"chat", "Echo", "echoes", "ech o", ""})
		{
			HTTPRequest request = validRequest();
			request.set("Sec-WebSocket-Protocol", other);
			WebSocketHandshake handshake(request);
			CPPUNIT_ASSERT_MESSAGE(other, handshake.accepted() && !handshake.offers("echo"));
			CPPUNIT_ASSERT_THROW_MESSAGE(other, handshake.selectSubprotocol("echo"), Poco::InvalidArgumentException);
		}
		WebSocketHandshake handshake(validRequest());
		CPPUNIT_ASSERT_THROW(handshake.selectSubprotocol("chat"), Poco::InvalidArgumentException);
		handshake.selectSubprotocol("");
		CPPUNIT_ASSERT_EQUAL(std::string(), handshake.subprotocol());
	}

	void testRefusalOnBehalfOfTheService()
	{
		WebSocketHandshake handshake(validRequest());
		handshake.refuse(HTTPResponse::HTTP_BAD_REQUEST, "no room named so");
		CPPUNIT_ASSERT(!handshake.accepted());
		CPPUNIT_ASSERT_EQUAL(std::string("no room named so"), handshake.error());
		HTTPResponse response;
		handshake.prepareResponse(response);
		CPPUNIT_ASSERT_EQUAL(HTTPResponse::HTTP_BAD_REQUEST, response.getStatus());
		CPPUNIT_ASSERT(!response.has("Sec-WebSocket-Accept") && !response.has("Upgrade"));
	}

	void testOriginSerialization()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("https://example.com"), OriginList::normalize("HTTPS://Example.COM"));
		CPPUNIT_ASSERT_EQUAL(std::string("https://example.com"), OriginList::normalize("https://example.com:443"));
		CPPUNIT_ASSERT_EQUAL(std::string("http://example.com"), OriginList::normalize("http://example.com:80"));
		CPPUNIT_ASSERT_EQUAL(std::string("http://example.com:443"), OriginList::normalize("http://example.com:443"));
		CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8181"), OriginList::normalize(" http://127.0.0.1:8181 "));
		CPPUNIT_ASSERT_EQUAL(std::string("http://[::1]:8181"), OriginList::normalize("http://[::1]:8181"));
		CPPUNIT_ASSERT_EQUAL(std::string("null"), OriginList::normalize("null"));
	}

	void testNotOrigins()
	{
		for (const char* text: {"", "*", "example.com", "https://", "https://example.com/", "https://example.com/app",
			"https://user@example.com", "https://example.com?x", "https://example.com#top", "https://example.com:99999", "https://exa mple.com"})
		{
			CPPUNIT_ASSERT_THROW_MESSAGE(text, OriginList::normalize(text), Poco::SyntaxException);
		}
	}

	void testAllowedOrigins()
	{
		const OriginList any;
		const OriginList listed("https://example.com, http://localhost:8181");
		CPPUNIT_ASSERT(OriginList("  ").allowsAny());

		HTTPRequest sameOrigin = validRequest();
		sameOrigin.set("Origin", "http://localhost:8181");
		CPPUNIT_ASSERT(WebSocketHandshake(sameOrigin, listed).accepted());
		sameOrigin.set("Origin", "https://EXAMPLE.com:443");
		CPPUNIT_ASSERT(WebSocketHandshake(sameOrigin, listed).accepted());

		for (const char* origin: {"https://evil.example", "http://example.com", "https://example.com:8443", "http://localhost", "null", "not an origin", ""})
		{
			HTTPRequest crossSite = validRequest();
			crossSite.set("Origin", origin);
			const WebSocketHandshake refused(crossSite, listed);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(origin, HTTPResponse::HTTP_FORBIDDEN, refused.status());
			HTTPResponse response;
			refused.prepareResponse(response);
			CPPUNIT_ASSERT(!response.has("Sec-WebSocket-Accept"));
			CPPUNIT_ASSERT_MESSAGE(origin, WebSocketHandshake(crossSite, any).accepted());
		}

		// Programs other than browsers send no Origin, and could send any: not refused.
		CPPUNIT_ASSERT(WebSocketHandshake(validRequest(), listed).accepted());
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebSocketHandshakeTest, "WebSocketHandshake");


} // namespace pocows
