//
// MimeTypesTest.cpp
//
// Content-Type by file extension: the built-in types, how the extension is
// found, and the types the configuration adds or overrides.
//


#include "files/MimeTypes.h"
#include <cppunit/extensions/HelperMacros.h>


namespace pocows {


class MimeTypesTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MimeTypesTest);
	CPPUNIT_TEST(testBuiltinTypes);
	CPPUNIT_TEST(testTextTypesCarryCharset);
	CPPUNIT_TEST(testExtensionIgnoresCase);
	CPPUNIT_TEST(testExtensionOnlyAfterLastSlash);
	CPPUNIT_TEST(testUnknownIsOctetStream);
	CPPUNIT_TEST(testExtraTypesOverrideAndAdd);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBuiltinTypes()
	{
		const MimeTypes types;
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), types.forPath("/x/index.HTML"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), types.forPath("old.htm"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), types.forPath("app.mjs"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), types.forPath("app.js"));
		CPPUNIT_ASSERT_EQUAL(std::string("application/json"), types.forPath("app.js.map"));
		CPPUNIT_ASSERT_EQUAL(std::string("image/svg+xml"), types.forPath("logo.svg"));
		CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), types.forPath("photo.jpeg"));
		CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), types.forPath("photo.jpg"));
		CPPUNIT_ASSERT_EQUAL(std::string("font/woff2"), types.forPath("f.woff2"));
		CPPUNIT_ASSERT_EQUAL(std::string("font/woff"), types.forPath("f.woff"));
		CPPUNIT_ASSERT_EQUAL(std::string("application/wasm"), types.forPath("m.wasm"));
		CPPUNIT_ASSERT_EQUAL(std::string("video/mp4"), types.forPath("clip.mp4"));
		CPPUNIT_ASSERT_EQUAL(std::string("image/vnd.microsoft.icon"), types.forPath("favicon.ico"));
	}

	void testTextTypesCarryCharset()
	{
		const MimeTypes types;
		for (const char* path: {"a.html", "a.css", "a.js", "a.txt", "a.md", "a.csv"})
		{
			const std::string type = types.forPath(path);
			CPPUNIT_ASSERT_MESSAGE(path, type.compare(0, 5, "text/") == 0);
			CPPUNIT_ASSERT_MESSAGE(path, type.size() > 15 && type.compare(type.size() - 15, 15, "; charset=utf-8") == 0);
		}
		// Binary types have no charset.
		for (const char* path: {"a.png", "a.wasm", "a.pdf", "a.zip", "a.json"})
			CPPUNIT_ASSERT_MESSAGE(path, types.forPath(path).find("charset") == std::string::npos);
	}

	void testExtensionIgnoresCase()
	{
		const MimeTypes types;
		for (const char* path: {"page.html", "page.HTML", "page.Html", "page.hTmL", "/DIR/PAGE.HTML"})
			CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("text/html; charset=utf-8"), types.forPath(path));
		CPPUNIT_ASSERT_EQUAL(std::string("font/woff2"), types.forPath("F.WOFF2"));
		CPPUNIT_ASSERT_EQUAL(std::string("image/png"), types.forPath("Shot.PnG"));
	}

	void testExtensionOnlyAfterLastSlash()
	{
		const MimeTypes types;
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("dir.html/file"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("/srv/site.css/README"));
		// A resolved path on Windows has backslashes.
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("C:\\site.css\\README"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), types.forPath("C:\\site\\main.css"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), types.forPath("/srv/site.d/main.css"));
		// Only the last extension counts.
		CPPUNIT_ASSERT_EQUAL(std::string("application/zip"), types.forPath("/srv/backup.html.zip"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), types.forPath("/srv/backup.zip.html"));
		// Not even a configured "extension" that reaches across a slash matches.
		const MimeTypes odd({{"d/readme", "text/x-readme"}, {"d\\readme", "text/x-readme"}});
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, odd.forPath("/srv/site.d/readme"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, odd.forPath("C:\\site.d\\readme"));
	}

	void testUnknownIsOctetStream()
	{
		const MimeTypes types;
		CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), MimeTypes::DEFAULT_TYPE);
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("notes.unknownext"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("Makefile"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("/srv/Makefile"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("trailing.dot."));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath(""));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("/"));
		// The extension must match whole, not as a prefix or suffix.
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("a.htmlx"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("a.xhtml"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, types.forPath("a.html "));
	}

	void testExtraTypesOverrideAndAdd()
	{
		const MimeTypes extended({{"GLB", "model/gltf-binary"}, {"txt", "text/plain; charset=iso-8859-1"}, {"Wasm", "application/x-wasm"}});
		// Added, whatever the case of the configured extension and of the path.
		CPPUNIT_ASSERT_EQUAL(std::string("model/gltf-binary"), extended.forPath("scene.glb"));
		CPPUNIT_ASSERT_EQUAL(std::string("model/gltf-binary"), extended.forPath("scene.GLB"));
		// Overridden.
		CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=iso-8859-1"), extended.forPath("a.TXT"));
		CPPUNIT_ASSERT_EQUAL(std::string("application/x-wasm"), extended.forPath("m.wasm"));
		// The rest are as built in.
		CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), extended.forPath("a.css"));
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, extended.forPath("a.unknownext"));
		// Another instance is untouched by them.
		const MimeTypes plain;
		CPPUNIT_ASSERT_EQUAL(MimeTypes::DEFAULT_TYPE, plain.forPath("scene.glb"));
		CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), plain.forPath("a.txt"));
		CPPUNIT_ASSERT_EQUAL(std::string("application/wasm"), plain.forPath("m.wasm"));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MimeTypesTest, "MimeTypes");


} // namespace pocows
