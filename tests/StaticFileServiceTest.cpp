//
// StaticFileServiceTest.cpp
//
// The file side over real sockets, against the real server on an ephemeral port.
//


#include "TestServer.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include <cppunit/extensions/HelperMacros.h>


namespace pocows {


namespace
{
	struct Response
	{
		int status = 0;
		std::string head;
		std::string body;

		std::string header(const std::string& name) const
		{
			const std::string needle = "\r\n" + Poco::toLower(name) + ":";
			const std::string lowerHead = Poco::toLower(head);
			const std::size_t pos = lowerHead.find(needle);
			if (pos == std::string::npos) return std::string();
			const std::size_t start = pos + needle.size();
			return Poco::trim(head.substr(start, head.find("\r\n", start) - start));
		}
	};

	std::string talk(Poco::UInt16 port, const std::string& request)
		/// Sends request as is and returns everything the server sends until it closes.
	{
		Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
		socket.setReceiveTimeout(Poco::Timespan(10, 0));
		socket.sendBytes(request.data(), static_cast<int>(request.size()));
		std::string received;
		char buffer[8192];
		int n;
		while ((n = socket.receiveBytes(buffer, sizeof(buffer))) > 0) received.append(buffer, static_cast<std::size_t>(n));
		return received;
	}

	Response parse(const std::string& raw)
	{
		Response response;
		const std::size_t end = raw.find("\r\n\r\n");
		CPPUNIT_ASSERT(end != std::string::npos);
		response.head = raw.substr(0, end + 2);
		response.body = raw.substr(end + 4);
		response.status = static_cast<int>(Poco::NumberParser::parse(raw.substr(9, 3)));
		return response;
	}

	Response request(Poco::UInt16 port, const std::string& method, const std::string& target)
	{
		return parse(talk(port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
	}
}


class StaticFileServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(StaticFileServiceTest);
	CPPUNIT_TEST(testIndexPage);
	CPPUNIT_TEST(testHeadHasNoBody);
	CPPUNIT_TEST(testContentTypes);
	CPPUNIT_TEST(testMissingFile);
	CPPUNIT_TEST(testOtherMethods);
	CPPUNIT_TEST(testDirectoryRedirect);
	CPPUNIT_TEST(testMalformedPaths);
	CPPUNIT_TEST(testTraversalAttempts);
	CPPUNIT_TEST(testKeepAlive);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_server = std::make_unique<TestServer>();
	}

	void tearDown() override
	{
		_server.reset();
	}

	void testIndexPage()
	{
		const Response response = request(_server->port(), "GET", "/");
		CPPUNIT_ASSERT_EQUAL(200, response.status);
		CPPUNIT_ASSERT_EQUAL(TestDocroot::INDEX, response.body);
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), response.header("Content-Type"));
		CPPUNIT_ASSERT_EQUAL(std::to_string(TestDocroot::INDEX.size()), response.header("Content-Length"));
		CPPUNIT_ASSERT(!response.header("Last-Modified").empty());
		CPPUNIT_ASSERT_EQUAL(TestDocroot::INDEX, request(_server->port(), "GET", "/index.html").body);
	}

	void testHeadHasNoBody()
	{
		const Response response = request(_server->port(), "HEAD", "/index.html");
		CPPUNIT_ASSERT_EQUAL(200, response.status);
		CPPUNIT_ASSERT_EQUAL(std::to_string(TestDocroot::INDEX.size()), response.header("Content-Length"));
		CPPUNIT_ASSERT_EQUAL(std::string(), response.body);
	}

	void testContentTypes()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), request(_server->port(), "GET", "/style.css").header("Content-Type"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), request(_server->port(), "GET", "/app.js").header("Content-Type"));
		const Response binary = request(_server->port(), "GET", "/data.bin");
		CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), binary.header("Content-Type"));
		CPPUNIT_ASSERT_EQUAL(std::string("\x00\x01\x02\xFF", 4), binary.body);
	}

	void testMissingFile()
	{
		const Response response = request(_server->port(), "GET", "/nothing-here.html");
		CPPUNIT_ASSERT_EQUAL(404, response.status);
		CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), response.header("Content-Type"));
		CPPUNIT_ASSERT(response.body.find(_server->files().docroot()) == std::string::npos);
	}

	void testOtherMethods()
	{
		for (const char* method: {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
		{
			const Response response = request(_server->port(), method, "/index.html");
			CPPUNIT_ASSERT_EQUAL(405, response.status);
			CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), response.header("Allow"));
		}
	}

	void testDirectoryRedirect()
	{
		const Response redirect = request(_server->port(), "GET", "/sub");
		CPPUNIT_ASSERT_EQUAL(301, redirect.status);
		CPPUNIT_ASSERT_EQUAL(std::string("/sub/"), redirect.header("Location"));
		CPPUNIT_ASSERT_EQUAL(TestDocroot::SUB_INDEX, request(_server->port(), "GET", "/sub/").body);
		CPPUNIT_ASSERT_EQUAL(404, request(_server->port(), "GET", "/empty/").status);
	}

	void testMalformedPaths()
	{
		for (const char* target: {"/%zz", "/%00", "/sub%2Findex.html", "/a\\b", "/./index.html"})
		{
			CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 400, request(_server->port(), "GET", target).status);
		}
		CPPUNIT_ASSERT_EQUAL(400, parse(talk(_server->port(), "GARBAGE\r\n\r\n")).status);
	}

	void testTraversalAttempts()
	{
		for (const char* target: {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%5csecret.txt",
			"/sub/../../secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/link-outside",
			"/dir-outside/secret.txt", "/.hidden", "/..", "http://127.0.0.1/../secret.txt"})
		{
			const Response response = request(_server->port(), "GET", target);
			CPPUNIT_ASSERT_MESSAGE(target, response.status == 400 || response.status == 404);
			CPPUNIT_ASSERT_MESSAGE(target, response.body.find(TestDocroot::SECRET) == std::string::npos);
		}
		CPPUNIT_ASSERT_EQUAL(200, request(_server->port(), "GET", "/link-inside").status);
	}

	void testKeepAlive()
	{
		// Two requests in one write, on one connection: both are answered in order.
		const std::string raw = talk(_server->port(),
			"GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
			"GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
		const std::size_t first = raw.find("HTTP/1.1 200");
		const std::size_t second = raw.find("HTTP/1.1 200", first + 1);
		CPPUNIT_ASSERT(first == 0);
		CPPUNIT_ASSERT(second != std::string::npos);
		CPPUNIT_ASSERT(raw.find("color: black") < second);
		CPPUNIT_ASSERT(raw.find("console.log") > second);
	}

private:
	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StaticFileServiceTest, "StaticFileService");


} // namespace pocows
