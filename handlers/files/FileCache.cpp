//
// FileCache.cpp
//


#include "files/FileCache.h"


namespace pocows {


bool FileCache::Identity::operator==(const Identity& other) const
{
	return device == other.device && inode == other.inode && size == other.size && modified == other.modified && changed == other.changed;
}


FileCache::FileCache(std::size_t capacity, Poco::Timestamp::TimeDiff settlingTime):
	_capacity(capacity),
	_settlingTime(settlingTime),
	_size(0)
{
}


bool FileCache::enabled() const
{
	return _capacity > 0;
}


bool FileCache::admits(const Identity& identity, const Poco::Timestamp& now) const
{
	if (!enabled() || identity.size > MAX_FILE_SIZE) return false;
	// A time in the future (a clock set back, a copied timestamp) settles nothing.
	const Poco::Timestamp& latest = identity.changed > identity.modified ? identity.changed : identity.modified;
	return latest <= now && now - latest >= _settlingTime;
}


FileCache::Content FileCache::find(const std::string& path, const Identity& identity)
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto found = _index.find(path);
	if (found == _index.end()) return Content();
	const Entries::iterator entry = found->second;
	if (!(entry->identity == identity))
	{
		erase(entry);
		return Content();
	}
	_entries.splice(_entries.begin(), _entries, entry);
	return entry->content;
}


void FileCache::insert(const std::string& path, const Identity& identity, Content content)
{
	std::lock_guard<std::mutex> lock(_mutex);
	const auto found = _index.find(path);
	if (found != _index.end()) erase(found->second);
	Entry entry{path, identity, std::move(content)};
	const std::size_t cost = costOf(entry);
	if (cost > _capacity) return;
	while (_size + cost > _capacity) erase(std::prev(_entries.end()));
	_entries.push_front(std::move(entry));
	_index.emplace(path, _entries.begin());
	_size += cost;
}


std::size_t FileCache::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _size;
}


std::size_t FileCache::costOf(const Entry& entry)
{
	return entry.content->size() + entry.path.size();
}


void FileCache::erase(Entries::iterator entry)
{
	_size -= costOf(*entry);
	_index.erase(entry->path);
	_entries.erase(entry);
}


} // namespace pocows
