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
#include <map>
#include <string>


namespace pocows {


class SettingsLoader
	/// Turns the [server], [files], [websocket] and [mime] sections of the configuration into
	/// ServerSettings. Missing keys keep their defaults; an unknown key in
	/// these sections or a value out of range throws
	/// Poco::InvalidArgumentException with one line naming the file, the key
	/// and the value. Relative paths are taken relative to the configuration
	/// file's folder, so that they mean the same when running as a daemon.
{
public:
	SettingsLoader(const Poco::Util::AbstractConfiguration& config, const std::string& fileName);
		/// fileName is the file the keys came from, for messages and relative
		/// paths; empty if none was loaded (paths are then relative to the
		/// working directory).

	ServerSettings load() const;

	static std::string baseDirectory(const std::string& fileName);
		/// The folder that relative paths in fileName are relative to.

private:
	void checkKnownKeys() const;
	std::string readString(const std::string& key, const std::string& defaultValue) const;
	std::int64_t readInteger(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const;
	std::int64_t readSize(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const;
	Poco::Timespan readSeconds(const std::string& key, const Poco::Timespan& defaultValue, bool allowZero) const;
	bool readBoolean(const std::string& key, bool defaultValue) const;
	std::map<std::string, std::string> readMimeTypes() const;
	std::string readPath(const std::string& key, const std::string& defaultValue) const;
	OriginList readOrigins(const std::string& key) const;
	std::string readAddress(const std::string& key, const std::string& defaultValue) const;
	std::string readDirectory(const std::string& key, const std::string& defaultValue) const;
	[[noreturn]] void reject(const std::string& key, const std::string& value, const std::string& problem) const;

	const Poco::Util::AbstractConfiguration& _config;
	const std::string _fileName;
};


} // namespace pocows


#endif // Pocows_SettingsLoader_INCLUDED
