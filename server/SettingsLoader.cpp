//
// SettingsLoader.cpp
//


#include "SettingsLoader.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include <algorithm>
#include <cctype>
#include <vector>


namespace pocows {


namespace
{
	const std::vector<std::string> SECTIONS = {"server", "files", "websocket"};

	const std::vector<std::string> KNOWN_KEYS = {
		"server.address",
		"server.port",
		"server.docroot",
		"server.maxThreads",
		"server.maxQueued",
		"server.threadStackSize",
		"server.requestTimeout",
		"server.sendTimeout",
		"server.keepAliveTimeout",
		"server.shutdownTimeout",
		"server.healthPath",
		"server.metricsPath",
		"server.metricsLoopbackOnly",
		"files.cacheControl",
		"files.listDirectories",
		"files.followSymlinks",
		"files.serveDotFiles",
		"files.precompressed",
		"files.memoryCache",
		"websocket.maxSessions",
		"websocket.receiveTimeout",
		"websocket.pingInterval",
		"websocket.sendTimeout",
		"websocket.closeTimeout",
		"websocket.maxMessageSize",
		"websocket.allowedOrigins"
	};

	const double MAX_SECONDS = 365.0*24*3600;
	const std::int64_t KIB = 1024;
	const std::int64_t MIB = 1024*KIB;
	const std::int64_t GIB = 1024*MIB;
	const std::int64_t MIN_STACK_SIZE = 64*KIB;

	bool isKnownKey(const std::string& key)
	{
		// Like the lookups themselves, key names ignore case in an .ini file.
		for (const std::string& known: KNOWN_KEYS)
		{
			if (Poco::icompare(known, key) == 0) return true;
		}
		return false;
	}
}


SettingsLoader::SettingsLoader(const Poco::Util::AbstractConfiguration& config, const std::string& fileName):
	_config(config),
	_fileName(fileName)
{
}


ServerSettings SettingsLoader::load() const
{
	checkKnownKeys();
	ServerSettings settings;
	settings.address = readAddress("server.address", settings.address);
	settings.port = static_cast<Poco::UInt16>(readInteger("server.port", settings.port, 0, 65535));
	settings.files.docroot = readDirectory("server.docroot", settings.files.docroot);
	settings.maxThreads = static_cast<int>(readInteger("server.maxThreads", settings.maxThreads, 1, 100000));
	settings.maxQueued = static_cast<int>(readInteger("server.maxQueued", settings.maxQueued, 1, 100000));
	settings.files.cacheControl = readString("files.cacheControl", settings.files.cacheControl);
	settings.files.listDirectories = readBoolean("files.listDirectories", settings.files.listDirectories);
	settings.files.followSymlinks = readBoolean("files.followSymlinks", settings.files.followSymlinks);
	settings.files.serveDotFiles = readBoolean("files.serveDotFiles", settings.files.serveDotFiles);
	settings.files.precompressed = readBoolean("files.precompressed", settings.files.precompressed);
	settings.files.memoryCache = static_cast<std::size_t>(readSize("files.memoryCache", static_cast<std::int64_t>(settings.files.memoryCache), 0, 4*GIB));
	settings.files.mimeTypes = readMimeTypes();
	settings.threadStackSize = static_cast<int>(readSize("server.threadStackSize", settings.threadStackSize, 0, 64*MIB));
	if (settings.threadStackSize != 0 && settings.threadStackSize < MIN_STACK_SIZE)
		reject("server.threadStackSize", readString("server.threadStackSize", ""), "expected 0 (the system's default) or at least 64K");
	settings.requestTimeout = readSeconds("server.requestTimeout", settings.requestTimeout, false);
	settings.sendTimeout = readSeconds("server.sendTimeout", settings.sendTimeout, false);
	settings.keepAliveTimeout = readSeconds("server.keepAliveTimeout", settings.keepAliveTimeout, true);
	settings.shutdownTimeout = readSeconds("server.shutdownTimeout", settings.shutdownTimeout, true);
	settings.status.healthPath = readPath("server.healthPath", settings.status.healthPath);
	settings.status.metricsPath = readPath("server.metricsPath", settings.status.metricsPath);
	settings.status.metricsLoopbackOnly = readBoolean("server.metricsLoopbackOnly", settings.status.metricsLoopbackOnly);

	WebSocketSettings& webSocket = settings.webSocket;
	// Bounded by maxThreads so that one setting bounds the server's threads.
	const std::int64_t automaticSessions = std::max(1, settings.maxThreads - settings.maxThreads/8);
	const std::int64_t maxSessions = readInteger("websocket.maxSessions", 0, 0, settings.maxThreads);
	webSocket.maxSessions = static_cast<std::size_t>(maxSessions == 0 ? automaticSessions : maxSessions);
	webSocket.receiveTimeout = readSeconds("websocket.receiveTimeout", webSocket.receiveTimeout, true);
	webSocket.pingInterval = readSeconds("websocket.pingInterval", webSocket.pingInterval, true);
	webSocket.sendTimeout = readSeconds("websocket.sendTimeout", webSocket.sendTimeout, false);
	webSocket.closeTimeout = readSeconds("websocket.closeTimeout", webSocket.closeTimeout, true);
	webSocket.maxMessageSize = static_cast<std::size_t>(readSize("websocket.maxMessageSize", static_cast<std::int64_t>(webSocket.maxMessageSize), 1, GIB));
	webSocket.allowedOrigins = readOrigins("websocket.allowedOrigins");
	return settings;
}


std::string SettingsLoader::baseDirectory(const std::string& fileName)
{
	if (fileName.empty()) return Poco::Path::current();
	return Poco::Path(fileName).makeAbsolute().parent().toString();
}


void SettingsLoader::checkKnownKeys() const
{
	for (const std::string& section: SECTIONS)
	{
		Poco::Util::AbstractConfiguration::Keys keys;
		_config.keys(section, keys);
		for (const std::string& key: keys)
		{
			const std::string fullKey = section + "." + key;
			if (!isKnownKey(fullKey))
				throw Poco::InvalidArgumentException((_fileName.empty() ? std::string("configuration") : _fileName) + ": unknown key " + fullKey);
		}
	}
}


std::string SettingsLoader::readString(const std::string& key, const std::string& defaultValue) const
{
	try
	{
		return Poco::trim(_config.getString(key, defaultValue));
	}
	catch (Poco::Exception& exc)
	{
		reject(key, _config.getRawString(key, ""), exc.message());
	}
}


std::int64_t SettingsLoader::readInteger(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const
{
	if (!_config.has(key)) return defaultValue;
	const std::string value = readString(key, "");
	Poco::Int64 number = 0;
	if (!Poco::NumberParser::tryParse64(value, number) || number < min || number > max)
		reject(key, value, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
	return number;
}


std::int64_t SettingsLoader::readSize(const std::string& key, std::int64_t defaultValue, std::int64_t min, std::int64_t max) const
{
	if (!_config.has(key)) return defaultValue;
	const std::string value = readString(key, "");
	std::string digits = value;
	std::int64_t unit = 1;
	if (!digits.empty())
	{
		switch (std::toupper(static_cast<unsigned char>(digits.back())))
		{
		case 'K': unit = KIB; break;
		case 'M': unit = MIB; break;
		case 'G': unit = GIB; break;
		default: break;
		}
		if (unit != 1) digits.pop_back();
	}
	Poco::UInt64 number = 0;
	const bool parsed = !digits.empty() && std::isdigit(static_cast<unsigned char>(digits[0])) && Poco::NumberParser::tryParseUnsigned64(digits, number);
	if (!parsed || number > static_cast<Poco::UInt64>(max / unit) || static_cast<std::int64_t>(number)*unit < min)
		reject(key, value, "expected a size in bytes, optionally with K, M or G, from " + std::to_string(min) + " to " + std::to_string(max));
	return static_cast<std::int64_t>(number)*unit;
}


Poco::Timespan SettingsLoader::readSeconds(const std::string& key, const Poco::Timespan& defaultValue, bool allowZero) const
{
	if (!_config.has(key)) return defaultValue;
	const std::string value = readString(key, "");
	double seconds = -1;
	const bool parsed = !value.empty() && std::isdigit(static_cast<unsigned char>(value[0])) && Poco::NumberParser::tryParseFloat(value, seconds);
	if (!parsed || seconds > MAX_SECONDS || (seconds == 0 && !allowZero))
		reject(key, value, allowZero ? "expected a number of seconds, 0 or more" : "expected a number of seconds, more than 0");
	return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds*Poco::Timespan::SECONDS));
}


std::map<std::string, std::string> SettingsLoader::readMimeTypes() const
{
	// [mime] maps extensions to media types, e.g. "glb = model/gltf-binary".
	std::map<std::string, std::string> types;
	Poco::Util::AbstractConfiguration::Keys extensions;
	_config.keys("mime", extensions);
	for (const std::string& extension: extensions)
	{
		const std::string key = "mime." + extension;
		const std::string type = readString(key, "");
		const bool validExtension = std::all_of(extension.begin(), extension.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
		const bool validType = type.find('/') != std::string::npos && type.find_first_of("\r\n") == std::string::npos;
		if (!validExtension || !validType) reject(key, type, "expected an extension without its dot and a media type such as text/plain");
		types[Poco::toLower(extension)] = type;
	}
	return types;
}


OriginList SettingsLoader::readOrigins(const std::string& key) const
{
	const std::string value = readString(key, "");
	try
	{
		return OriginList(value);
	}
	catch (Poco::SyntaxException& exc)
	{
		reject(key, value, exc.message() + "; expected origins such as https://example.com, separated by commas, or nothing to allow any");
	}
}


bool SettingsLoader::readBoolean(const std::string& key, bool defaultValue) const
{
	if (!_config.has(key)) return defaultValue;
	const std::string value = readString(key, "");
	for (const char* yes: {"true", "yes", "on", "1"})
		if (Poco::icompare(value, yes) == 0) return true;
	for (const char* no: {"false", "no", "off", "0"})
		if (Poco::icompare(value, no) == 0) return false;
	reject(key, value, "expected true or false");
}


std::string SettingsLoader::readPath(const std::string& key, const std::string& defaultValue) const
{
	const std::string value = readString(key, defaultValue);
	if (!value.empty() && (value[0] != '/' || value.find_first_of("?# ") != std::string::npos))
		reject(key, value, "expected a request path starting with /, or nothing to turn it off");
	return value;
}


std::string SettingsLoader::readAddress(const std::string& key, const std::string& defaultValue) const
{
	const std::string value = readString(key, defaultValue);
	Poco::Net::IPAddress address;
	if (!Poco::Net::IPAddress::tryParse(value, address))
		reject(key, value, "expected an IPv4 or IPv6 address, such as 0.0.0.0, 127.0.0.1 or ::");
	return value;
}


std::string SettingsLoader::readDirectory(const std::string& key, const std::string& defaultValue) const
{
	const std::string value = readString(key, defaultValue);
	Poco::Path path(baseDirectory(_fileName));
	path.makeDirectory();
	path.resolve(Poco::Path(value));
	Poco::File directory(path);
	if (value.empty() || !directory.exists() || !directory.isDirectory())
		reject(key, value, "no such directory: " + path.toString());
	return path.toString();
}


void SettingsLoader::reject(const std::string& key, const std::string& value, const std::string& problem) const
{
	throw Poco::InvalidArgumentException((_fileName.empty() ? std::string("configuration") : _fileName) + ": " + key + " = \"" + value + "\": " + problem);
}


} // namespace pocows
