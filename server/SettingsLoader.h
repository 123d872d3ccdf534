//
// SettingsLoader.h
//
// Reads and validates the server's keys from the application's configuration.
//


#ifndef Pocows_SettingsLoader_INCLUDED
#define Pocows_SettingsLoader_INCLUDED


#include "ServerSettings.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>


namespace pocows {


class SettingsLoader
	/// Turns the [server], [files], [websocket] and [mime] sections of the
	/// configuration into ServerSettings. Every key of the first three is one
	/// row of a table (keys()): its name, how its value is read and checked,
	/// and which field it sets; the field's initial value is its default.
	/// Missing keys keep their defaults; an unknown key in these sections or
	/// a value out of range throws Poco::InvalidArgumentException with one
	/// line naming the file, the key and the value. Relative paths are taken
	/// relative to the configuration file's folder, so that they mean the
	/// same when running as a daemon.
{
public:
	struct Key
	{
		using Reader = std::function<void(const SettingsLoader& loader, const std::string& key, ServerSettings& settings)>;

		std::string name;  ///< "section.key"
		Reader read;       ///< reads, checks and stores the value if the key is there
	};

	SettingsLoader(const Poco::Util::AbstractConfiguration& config, const std::string& fileName);
		/// fileName is the file the keys came from, for messages and relative
		/// paths; empty if none was loaded (paths are then relative to the
		/// working directory).

	ServerSettings load() const;

	static const std::vector<Key>& keys();
		/// The table, in the order the keys are read.

	static std::string baseDirectory(const std::string& fileName);
		/// The folder that relative paths in fileName are relative to.

	std::string readString(const std::string& key, const std::string& defaultValue) const;
	std::int64_t readInteger(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const;
	std::int64_t readSize(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const;
	Poco::Timespan readSeconds(const std::string& key, const Poco::Timespan& defaultValue, bool allowZero) const;
	bool readBoolean(const std::string& key, bool defaultValue) const;
	std::string readPath(const std::string& key, const std::string& defaultValue) const;
	OriginList readOrigins(const std::string& key, const OriginList& defaultValue) const;
	std::string readAddress(const std::string& key, const std::string& defaultValue) const;
	std::string readRoomName(const std::string& key, const std::string& defaultValue) const;
	std::string readDirectory(const std::string& key, const std::string& defaultValue) const;
		/// The readers the table's rows are made of: each returns the value of
		/// key, checked, or defaultValue if the key is absent.

	[[noreturn]] void reject(const std::string& key, const std::string& value, const std::string& problem) const;

private:
	void checkKnownKeys() const;
	std::map<std::string, std::string> readMimeTypes() const;

	const Poco::Util::AbstractConfiguration& _config;
	const std::string _fileName;
};


} // namespace pocows


#endif // Pocows_SettingsLoader_INCLUDED
