//
// PathResolverTest.cpp
//


#include "files/PathResolver.h"
#include "support/TestDocroot.h"
#include "Poco/Exception.h"
#include <cppunit/extensions/HelperMacros.h>
#include <filesystem>


namespace pocows {


class PathResolverTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PathResolverTest);
	CPPUNIT_TEST(testFiles);
	CPPUNIT_TEST(testDirectories);
	CPPUNIT_TEST(testMalformedPaths);
	CPPUNIT_TEST(testTraversalNeverLeavesDocroot);
	CPPUNIT_TEST(testSymlinks);
	CPPUNIT_TEST(testSymlinksFollowedWhenAllowed);
	CPPUNIT_TEST(testHiddenFiles);
	CPPUNIT_TEST(testMissingDocroot);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_files = std::make_unique<TestDocroot>();
		_settings.docroot = _files->docroot();
		_resolver = std::make_unique<PathResolver>(_settings);
	}

	void tearDown() override
	{
		_resolver.reset();
		_files.reset();
	}

	void testFiles()
	{
		expectFile("/style.css", "htdocs/style.css");
		expectFile("/style.css?v=3#top", "htdocs/style.css");
		expectFile("/a%20b.txt", "htdocs/a b.txt");
		expectFile("//sub///index.html", "htdocs/sub/index.html");
		expectFile("/%73tyle.css", "htdocs/style.css");
		expect("/missing.txt", PathResolver::Resolution::NOT_FOUND);
		expect("/style.css/", PathResolver::Resolution::NOT_FOUND);
	}

	void testDirectories()
	{
		expectFile("/", "htdocs/index.html");
		expectFile("/sub/", "htdocs/sub/index.html");
		const PathResolver::Resolution redirect = _resolver->resolve("/sub?x=1");
		CPPUNIT_ASSERT_EQUAL(PathResolver::Resolution::REDIRECT, redirect.kind);
		CPPUNIT_ASSERT_EQUAL(std::string("/sub/?x=1"), redirect.path);
		// Empty segments are dropped, so the Location can never start with "//".
		CPPUNIT_ASSERT_EQUAL(std::string("/sub/"), _resolver->resolve("//sub").path);
		const PathResolver::Resolution listing = _resolver->resolve("/empty/");
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(PathResolver::Resolution::DIRECTORY), static_cast<int>(listing.kind));
		CPPUNIT_ASSERT_EQUAL(std::filesystem::canonical(_files->path("htdocs/empty")).string(), listing.path);
	}

	void testMalformedPaths()
	{
		for (const char* target: {"", "style.css", "*", "http://localhost/style.css", "/%", "/%2", "/%zz", "/%00", "/a%00.txt",
			"/sub%2findex.html", "/sub%2Findex.html", "/sub%5cindex.html", "/sub\\index.html", "/./style.css", "/%2e/style.css"})
		{
			expect(target, PathResolver::Resolution::BAD_REQUEST);
		}
	}

	void testTraversalNeverLeavesDocroot()
	{
		// Known tricks: plain, encoded (upper and lower case), mixed, double-encoded,
		// overlong UTF-8, backslashes, and ones that only climb after decoding.
		for (const char* target: {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
			"/.%2e/secret.txt", "/%2e./secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
			"/..\\secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
			"/....//secret.txt", "/..;/secret.txt", "/%2e%2e%5c%2e%2e%5csecret.txt"})
		{
			const PathResolver::Resolution resolution = _resolver->resolve(target);
			CPPUNIT_ASSERT_MESSAGE(target, resolution.kind != PathResolver::Resolution::FILE);
		}
	}

	void testSymlinks()
	{
		expectFile("/link-inside", "htdocs/style.css");
		expect("/link-outside", PathResolver::Resolution::NOT_FOUND);
		expect("/dir-outside/secret.txt", PathResolver::Resolution::NOT_FOUND);
		expect("/dir-outside/", PathResolver::Resolution::NOT_FOUND);
	}

	void testSymlinksFollowedWhenAllowed()
	{
		_settings.followSymlinks = true;
		_resolver = std::make_unique<PathResolver>(_settings);
		expectFile("/link-outside", "secret.txt");
		expectFile("/dir-outside/secret.txt", "secret.txt");
		// Even so, the request path itself can never climb out.
		expect("/../secret.txt", PathResolver::Resolution::BAD_REQUEST);
		expect("/%2e%2e/secret.txt", PathResolver::Resolution::BAD_REQUEST);
	}

	void testHiddenFiles()
	{
		expect("/.hidden", PathResolver::Resolution::NOT_FOUND);
		expect("/%2ehidden", PathResolver::Resolution::NOT_FOUND);
		_settings.serveDotFiles = true;
		_resolver = std::make_unique<PathResolver>(_settings);
		expectFile("/.hidden", "htdocs/.hidden");
		expect("/..", PathResolver::Resolution::BAD_REQUEST);
	}

	void testMissingDocroot()
	{
		StaticFileSettings missing;
		missing.docroot = _files->path("no-such-folder");
		CPPUNIT_ASSERT_THROW(PathResolver{missing}, Poco::FileNotFoundException);
		missing.docroot = _files->path("secret.txt");
		CPPUNIT_ASSERT_THROW(PathResolver{missing}, Poco::FileNotFoundException);
	}

private:
	void expect(const std::string& target, PathResolver::Resolution::Kind kind)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(target, static_cast<int>(kind), static_cast<int>(_resolver->resolve(target).kind));
	}

	void expectFile(const std::string& target, const std::string& relative)
	{
		const PathResolver::Resolution resolution = _resolver->resolve(target);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(target, static_cast<int>(PathResolver::Resolution::FILE), static_cast<int>(resolution.kind));
		CPPUNIT_ASSERT_EQUAL(std::filesystem::canonical(_files->path(relative)).string(), resolution.path);
	}

	std::unique_ptr<TestDocroot> _files;
	StaticFileSettings _settings;
	std::unique_ptr<PathResolver> _resolver;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PathResolverTest, "PathResolver");


} // namespace pocows
