//
// FileCache.h
//
// The contents of small, settled files, kept in memory between requests.
//


#ifndef Pocows_FileCache_INCLUDED
#define Pocows_FileCache_INCLUDED


#include "Poco/Timestamp.h"
#include "Poco/Types.h"
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>


namespace pocows {


class FileCache
	/// Serving a small file costs more in open(), fstat(), read() and close()
	/// than in sending it. This cache keeps the bytes of small files, so that
	/// serving one again costs a single stat(): an entry is used only while the
	/// file's identity (device, inode, size, modification and change times)
	/// is still the one it had when it was read. Only files that have not
	/// changed for a second are taken in, since a file that changes twice
	/// within the file system's timestamp granularity could keep its identity
	/// with other bytes. The least recently used entries go first when the
	/// capacity is reached. Safe for use by many threads.
{
public:
	struct Identity
	{
		Poco::UInt64 device = 0;
		Poco::UInt64 inode = 0;
		Poco::UInt64 size = 0;
		Poco::Timestamp modified;
		Poco::Timestamp changed;

		bool operator==(const Identity& other) const;
	};

	using Content = std::shared_ptr<const std::string>;

	static constexpr std::size_t MAX_FILE_SIZE = 16*1024;
		/// Larger files go out with sendfile(2), where reading costs little.

	static constexpr Poco::Timestamp::TimeDiff SETTLING_TIME = 1000*1000;
		/// One second, in microseconds.

	explicit FileCache(std::size_t capacity, Poco::Timestamp::TimeDiff settlingTime = SETTLING_TIME);
		/// Holds at most capacity bytes of contents and paths; 0 holds nothing.

	bool enabled() const;
		/// False when the capacity is 0.

	bool admits(const Identity& identity, const Poco::Timestamp& now = Poco::Timestamp()) const;
		/// True if a file of this identity may be taken in: small enough, and
		/// not changed within the settling time.

	Content find(const std::string& path, const Identity& identity);
		/// The contents held for path, if its identity is still the same;
		/// else nothing, and a stale entry is dropped.

	void insert(const std::string& path, const Identity& identity, Content content);

	std::size_t size() const;
		/// The bytes held, contents and paths.

private:
	struct Entry
	{
		std::string path;
		Identity identity;
		Content content;
	};
	using Entries = std::list<Entry>;

	static std::size_t costOf(const Entry& entry);
	void erase(Entries::iterator entry);

	const std::size_t _capacity;
	const Poco::Timestamp::TimeDiff _settlingTime;
	mutable std::mutex _mutex;
	Entries _entries;  // most recently used first
	std::unordered_map<std::string, Entries::iterator> _index;
	std::size_t _size;
};


} // namespace pocows


#endif // Pocows_FileCache_INCLUDED
