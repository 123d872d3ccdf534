//
// StaticFileServiceTest.cpp
//
// The file side over real sockets, against the real server on an ephemeral port.
//


#include "support/TestHttp.h"
#include "support/TestProcess.h"
#include "support/TestServer.h"
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

	Response parse(const std::string& raw)
	{
		Response response;
		const std::size_t end = raw.find("\r\n\r\n");
		CPPUNIT_ASSERT(end != std::string::npos);
		response.head = raw.substr(0, end + 2);
		response.body = raw.substr(end + 4);
		response.status = statusOf(raw);
		return response;
	}

	Response request(Poco::UInt16 port, const std::string& method, const std::string& target, const std::string& headers = std::string())
	{
		return parse(talk(port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n"));
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
	CPPUNIT_TEST(testValidatorsAndCaching);
	CPPUNIT_TEST(testConditionalRequests);
	CPPUNIT_TEST(testRanges);
	CPPUNIT_TEST(testHeadMatchesGet);
	CPPUNIT_TEST(testDirectoryListing);
	CPPUNIT_TEST(testPrecompressedFiles);
	CPPUNIT_TEST(testDotFilesAndLinksWhenAllowed);
	CPPUNIT_TEST(testLargeFileAndVanishingClient);
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

	void testValidatorsAndCaching()
	{
		const Response response = request(_server->port(), "GET", "/style.css");
		const std::string etag = response.header("ETag");
		CPPUNIT_ASSERT(etag.size() > 4 && etag.front() == '"' && etag.back() == '"');
		CPPUNIT_ASSERT_EQUAL(etag, request(_server->port(), "GET", "/style.css").header("ETag"));
		CPPUNIT_ASSERT(etag != request(_server->port(), "GET", "/app.js").header("ETag"));
		CPPUNIT_ASSERT_EQUAL(std::string("no-cache"), response.header("Cache-Control"));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes"), response.header("Accept-Ranges"));

		// A changed file gets a new tag.
		_server->files().write("htdocs/style.css", "body { color: blue; }");
		CPPUNIT_ASSERT(etag != request(_server->port(), "GET", "/style.css").header("ETag"));

		ServerSettings settings = TestServer::defaultSettings();
		settings.files.cacheControl = "public, max-age=3600";
		TestServer cached(settings);
		CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=3600"), request(cached.port(), "GET", "/style.css").header("Cache-Control"));
	}

	void testConditionalRequests()
	{
		const Response first = request(_server->port(), "GET", "/style.css");
		const std::string etag = first.header("ETag");
		const Response notModified = request(_server->port(), "GET", "/style.css", "If-None-Match: " + etag + "\r\n");
		CPPUNIT_ASSERT_EQUAL(304, notModified.status);
		CPPUNIT_ASSERT_EQUAL(std::string(), notModified.body);
		CPPUNIT_ASSERT_EQUAL(etag, notModified.header("ETag"));
		CPPUNIT_ASSERT_EQUAL(304, request(_server->port(), "GET", "/style.css", "If-Modified-Since: " + first.header("Last-Modified") + "\r\n").status);
		CPPUNIT_ASSERT_EQUAL(200, request(_server->port(), "GET", "/style.css", "If-None-Match: \"stale\"\r\nIf-Modified-Since: " + first.header("Last-Modified") + "\r\n").status);
		CPPUNIT_ASSERT_EQUAL(412, request(_server->port(), "GET", "/style.css", "If-Match: \"stale\"\r\n").status);
		CPPUNIT_ASSERT_EQUAL(200, request(_server->port(), "GET", "/style.css", "If-Match: " + etag + "\r\n").status);
		CPPUNIT_ASSERT_EQUAL(412, request(_server->port(), "GET", "/style.css", "If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n").status);
	}

	void testRanges()
	{
		const std::string content = "body { color: black; }";
		const Response partial = request(_server->port(), "GET", "/style.css", "Range: bytes=5-9\r\n");
		CPPUNIT_ASSERT_EQUAL(206, partial.status);
		CPPUNIT_ASSERT_EQUAL(content.substr(5, 5), partial.body);
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 5-9/22"), partial.header("Content-Range"));
		CPPUNIT_ASSERT_EQUAL(std::string("5"), partial.header("Content-Length"));
		CPPUNIT_ASSERT_EQUAL(content.substr(17), request(_server->port(), "GET", "/style.css", "Range: bytes=-5\r\n").body);
		CPPUNIT_ASSERT_EQUAL(content.substr(20), request(_server->port(), "GET", "/style.css", "Range: bytes=20-\r\n").body);

		const Response unsatisfiable = request(_server->port(), "GET", "/style.css", "Range: bytes=22-\r\n");
		CPPUNIT_ASSERT_EQUAL(416, unsatisfiable.status);
		CPPUNIT_ASSERT_EQUAL(std::string("bytes */22"), unsatisfiable.header("Content-Range"));

		const Response several = request(_server->port(), "GET", "/style.css", "Range: bytes=0-1,4-5\r\n");
		CPPUNIT_ASSERT_EQUAL(200, several.status);
		CPPUNIT_ASSERT_EQUAL(content, several.body);

		const std::string etag = partial.header("ETag");
		CPPUNIT_ASSERT_EQUAL(206, request(_server->port(), "GET", "/style.css", "Range: bytes=0-3\r\nIf-Range: " + etag + "\r\n").status);
		const Response changed = request(_server->port(), "GET", "/style.css", "Range: bytes=0-3\r\nIf-Range: \"old\"\r\n");
		CPPUNIT_ASSERT_EQUAL(200, changed.status);
		CPPUNIT_ASSERT_EQUAL(content, changed.body);
	}

	void testHeadMatchesGet()
	{
		const Response get = request(_server->port(), "GET", "/style.css", "Range: bytes=1-3\r\n");
		const Response head = request(_server->port(), "HEAD", "/style.css", "Range: bytes=1-3\r\n");
		CPPUNIT_ASSERT_EQUAL(get.status, head.status);
		for (const char* name: {"Content-Type", "Content-Length", "Content-Range", "ETag", "Last-Modified", "Accept-Ranges", "Cache-Control"})
			CPPUNIT_ASSERT_EQUAL_MESSAGE(name, get.header(name), head.header(name));
		CPPUNIT_ASSERT_EQUAL(std::string(), head.body);
	}

	void testDirectoryListing()
	{
		_server->files().write("htdocs/empty/<b>&.txt", "x");
		CPPUNIT_ASSERT_EQUAL(404, request(_server->port(), "GET", "/empty/").status);
		ServerSettings settings = TestServer::defaultSettings();
		settings.files.listDirectories = true;
		TestServer listing(settings);
		listing.files().write("htdocs/empty/<b>&.txt", "x");
		const Response page = request(listing.port(), "GET", "/empty/");
		CPPUNIT_ASSERT_EQUAL(200, page.status);
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), page.header("Content-Type"));
		CPPUNIT_ASSERT(page.body.find("&lt;b&gt;&amp;.txt") != std::string::npos);
		CPPUNIT_ASSERT(page.body.find("href=\"%3Cb%3E%26.txt\"") != std::string::npos);
		CPPUNIT_ASSERT(page.body.find("<b>") == std::string::npos);
		// A folder with an index.html still shows the index.
		CPPUNIT_ASSERT_EQUAL(TestDocroot::SUB_INDEX, request(listing.port(), "GET", "/sub/").body);
	}

	void testPrecompressedFiles()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.files.precompressed = true;
		TestServer server(settings);
		server.files().write("htdocs/app.js.gz", "GZIPPED");
		server.files().write("htdocs/app.js.br", "BROTLI");
		const Response brotli = request(server.port(), "GET", "/app.js", "Accept-Encoding: gzip, deflate, br\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("BROTLI"), brotli.body);
		CPPUNIT_ASSERT_EQUAL(std::string("br"), brotli.header("Content-Encoding"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), brotli.header("Content-Type"));
		CPPUNIT_ASSERT_EQUAL(std::string("Accept-Encoding"), brotli.header("Vary"));
		const Response gzip = request(server.port(), "GET", "/app.js", "Accept-Encoding: br;q=0, gzip\r\n");
		CPPUNIT_ASSERT_EQUAL(std::string("GZIPPED"), gzip.body);
		CPPUNIT_ASSERT_EQUAL(std::string("gzip"), gzip.header("Content-Encoding"));
		CPPUNIT_ASSERT(gzip.header("ETag") != brotli.header("ETag"));
		const Response plain = request(server.port(), "GET", "/app.js");
		CPPUNIT_ASSERT_EQUAL(std::string("console.log('app');"), plain.body);
		CPPUNIT_ASSERT_EQUAL(std::string(), plain.header("Content-Encoding"));
		CPPUNIT_ASSERT_EQUAL(std::string("Accept-Encoding"), plain.header("Vary"));
	}

	void testDotFilesAndLinksWhenAllowed()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.files.serveDotFiles = true;
		settings.files.followSymlinks = true;
		TestServer open(settings);
		CPPUNIT_ASSERT_EQUAL(std::string("HIDDEN"), request(open.port(), "GET", "/.hidden").body);
		CPPUNIT_ASSERT_EQUAL(TestDocroot::SECRET, request(open.port(), "GET", "/link-outside").body);
		CPPUNIT_ASSERT_EQUAL(400, request(open.port(), "GET", "/../secret.txt").status);
	}

	void testLargeFileAndVanishingClient()
	{
		std::string big(24*1024*1024, '\0');
		for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>(i);
		_server->files().write("htdocs/big.bin", big);
		const Response whole = request(_server->port(), "GET", "/big.bin");
		CPPUNIT_ASSERT_EQUAL(200, whole.status);
		CPPUNIT_ASSERT(whole.body == big);

		// Clients that leave in the middle of a download cost nothing lasting.
		for (int i = 0; i < 20; ++i)
		{
			Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", _server->port()));
			const std::string get = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
			socket.sendBytes(get.data(), static_cast<int>(get.size()));
			char buffer[4096];
			socket.receiveBytes(buffer, sizeof(buffer));
		}
		CPPUNIT_ASSERT(waitFor([&] { return _server->server().metrics().openConnections() == 0; }));
		CPPUNIT_ASSERT_EQUAL(TestDocroot::INDEX, request(_server->port(), "GET", "/").body);
	}

private:
	std::unique_ptr<TestServer> _server;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StaticFileServiceTest, "StaticFileService");


} // namespace pocows
