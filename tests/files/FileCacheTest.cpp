//
// FileCacheTest.cpp
//
// The cache of small files: what it takes in, when it lets an entry go, and
// that a file body never serves bytes the file no longer has.
//


#include "files/FileBody.h"
#include "files/FileCache.h"
#include "support/TestDocroot.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include <cppunit/extensions/HelperMacros.h>


namespace pocows {


namespace
{
	const Poco::Timestamp::TimeDiff SECOND = 1000*1000;

	FileCache::Identity identity(Poco::UInt64 inode, Poco::UInt64 size, const Poco::Timestamp& time)
	{
		FileCache::Identity result;
		result.device = 1;
		result.inode = inode;
		result.size = size;
		result.modified = time;
		result.changed = time;
		return result;
	}

	FileCache::Content content(const std::string& bytes)
	{
		return std::make_shared<const std::string>(bytes);
	}

	std::string bodyOf(const std::string& path, FileCache& cache)
	{
		FileBody body(path, cache);
		std::string bytes;
		body.appendTo(bytes, 0, static_cast<std::size_t>(body.size()));
		return bytes;
	}
}


class FileCacheTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FileCacheTest);
	CPPUNIT_TEST(testFindsWhatWasInserted);
	CPPUNIT_TEST(testAnyChangeOfIdentityMisses);
	CPPUNIT_TEST(testAdmitsOnlySmallSettledFiles);
	CPPUNIT_TEST(testEvictsLeastRecentlyUsed);
	CPPUNIT_TEST(testKeepsNothingLargerThanItself);
	CPPUNIT_TEST(testFileBodyFillsAndReadsCache);
	CPPUNIT_TEST(testFileBodyNeverServesWhatChanged);
	CPPUNIT_TEST(testFileBodyLeavesOutLargeAndFreshFiles);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFindsWhatWasInserted()
	{
		FileCache cache(1024);
		const FileCache::Identity file = identity(7, 5, Poco::Timestamp() - 10*SECOND);
		const FileCache::Content bytes = content("hello");
		CPPUNIT_ASSERT(!cache.find("/a", file));
		cache.insert("/a", file, bytes);
		CPPUNIT_ASSERT(cache.find("/a", file) == bytes);
		CPPUNIT_ASSERT(!cache.find("/b", file));
		CPPUNIT_ASSERT_EQUAL(std::size_t(5 + 2), cache.size());
	}

	void testAnyChangeOfIdentityMisses()
	{
		const Poco::Timestamp old = Poco::Timestamp() - 10*SECOND;
		const FileCache::Identity file = identity(7, 5, old);
		std::vector<FileCache::Identity> changes(5, file);
		changes[0].device = 2;
		changes[1].inode = 8;
		changes[2].size = 6;
		changes[3].modified = old + 1;
		changes[4].changed = old + 1;
		for (const FileCache::Identity& changed: changes)
		{
			FileCache cache(1024);
			cache.insert("/a", file, content("hello"));
			CPPUNIT_ASSERT(!cache.find("/a", changed));
			// The stale entry is gone, not just skipped.
			CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache.size());
			CPPUNIT_ASSERT(!cache.find("/a", file));
		}
	}

	void testAdmitsOnlySmallSettledFiles()
	{
		const Poco::Timestamp now;
		FileCache cache(1024*1024);
		CPPUNIT_ASSERT(cache.admits(identity(1, FileCache::MAX_FILE_SIZE, now - 2*SECOND), now));
		CPPUNIT_ASSERT(!cache.admits(identity(1, FileCache::MAX_FILE_SIZE + 1, now - 2*SECOND), now));
		CPPUNIT_ASSERT(!cache.admits(identity(1, 10, now), now));
		CPPUNIT_ASSERT(!cache.admits(identity(1, 10, now + SECOND), now));
		FileCache::Identity recentlyChanged = identity(1, 10, now - 2*SECOND);
		recentlyChanged.changed = now - SECOND/2;
		CPPUNIT_ASSERT(!cache.admits(recentlyChanged, now));
		FileCache::Identity recentlyModified = identity(1, 10, now - 2*SECOND);
		recentlyModified.modified = now - SECOND/2;
		CPPUNIT_ASSERT(!cache.admits(recentlyModified, now));
		CPPUNIT_ASSERT(!FileCache(0).admits(identity(1, 10, now - 2*SECOND), now));
		CPPUNIT_ASSERT(!FileCache(0).enabled());
	}

	void testEvictsLeastRecentlyUsed()
	{
		const Poco::Timestamp old = Poco::Timestamp() - 10*SECOND;
		// Room for two entries of 4 bytes with 2-byte paths.
		FileCache cache(12);
		cache.insert("/a", identity(1, 4, old), content("aaaa"));
		cache.insert("/b", identity(2, 4, old), content("bbbb"));
		CPPUNIT_ASSERT(cache.find("/a", identity(1, 4, old)));
		cache.insert("/c", identity(3, 4, old), content("cccc"));
		CPPUNIT_ASSERT(cache.find("/a", identity(1, 4, old)));
		CPPUNIT_ASSERT(!cache.find("/b", identity(2, 4, old)));
		CPPUNIT_ASSERT(cache.find("/c", identity(3, 4, old)));
		CPPUNIT_ASSERT_EQUAL(std::size_t(12), cache.size());
	}

	void testKeepsNothingLargerThanItself()
	{
		const Poco::Timestamp old = Poco::Timestamp() - 10*SECOND;
		FileCache cache(8);
		cache.insert("/a", identity(1, 4, old), content("aaaa"));
		cache.insert("/big", identity(2, 8, old), content("bbbbbbbb"));
		CPPUNIT_ASSERT(!cache.find("/big", identity(2, 8, old)));
		CPPUNIT_ASSERT(cache.find("/a", identity(1, 4, old)));
	}

	void testFileBodyFillsAndReadsCache()
	{
		TestDocroot files;
		FileCache cache(1024*1024, 0);
		const std::string path = files.path("htdocs/style.css");
		const std::string css = "body { color: black; }";
		CPPUNIT_ASSERT_EQUAL(css, bodyOf(path, cache));
		CPPUNIT_ASSERT_EQUAL(css.size() + path.size(), cache.size());
		CPPUNIT_ASSERT_EQUAL(css, bodyOf(path, cache));
		FileBody body(path, cache);
		std::string middle;
		body.appendTo(middle, 5, 3);
		CPPUNIT_ASSERT_EQUAL(std::string("{ c"), middle);
		CPPUNIT_ASSERT_EQUAL(css.size() + path.size(), cache.size());
	}

	void testFileBodyNeverServesWhatChanged()
	{
		TestDocroot files;
		FileCache cache(1024*1024, 0);
		const std::string path = files.path("htdocs/notes.txt");
		files.write("htdocs/notes.txt", "first");
		CPPUNIT_ASSERT_EQUAL(std::string("first"), bodyOf(path, cache));

		files.write("htdocs/notes.txt", "second, longer");
		CPPUNIT_ASSERT_EQUAL(std::string("second, longer"), bodyOf(path, cache));

		// Same size and time, but another file put in its place.
		const Poco::Timestamp time = Poco::File(path).getLastModified();
		files.write("htdocs/replacement.txt", "SECOND, LONGER");
		Poco::File(files.path("htdocs/replacement.txt")).setLastModified(time);
		Poco::File(files.path("htdocs/replacement.txt")).renameTo(path);
		CPPUNIT_ASSERT_EQUAL(std::string("SECOND, LONGER"), bodyOf(path, cache));

		Poco::File(path).remove();
		CPPUNIT_ASSERT_THROW(FileBody(path, cache), Poco::FileException);
	}

	void testFileBodyLeavesOutLargeAndFreshFiles()
	{
		TestDocroot files;
		FileCache settled(1024*1024, 0);
		const std::string large(FileCache::MAX_FILE_SIZE + 1, 'x');
		files.write("htdocs/large.txt", large);
		CPPUNIT_ASSERT(large == bodyOf(files.path("htdocs/large.txt"), settled));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), settled.size());

		// Written just now: it could change again within the same timestamp.
		FileCache cache(1024*1024);
		files.write("htdocs/fresh.txt", "fresh");
		CPPUNIT_ASSERT_EQUAL(std::string("fresh"), bodyOf(files.path("htdocs/fresh.txt"), cache));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache.size());
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FileCacheTest, "FileCache");


} // namespace pocows
