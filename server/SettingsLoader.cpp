//
// SettingsLoader.cpp
//


#include "SettingsLoader.h"
#include "services/ChatSession.h"
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

	const double MAX_SECONDS = 365.0*24*3600;
	const std::int64_t KIB = 1024;
	const std::int64_t MIB = 1024*KIB;
	const std::int64_t GIB = 1024*MIB;
	const std::int64_t MIN_STACK_SIZE = 64*KIB;

	using Key = SettingsLoader::Key;

	template <typename T>
	using Field = std::function<T&(ServerSettings&)>;

	template <typename T>
	Field<T> field(T ServerSettings::*member)
	{
		return [member](ServerSettings& settings) -> T& { return settings.*member; };
	}

	template <typename Section, typename T>
	Field<T> field(Section ServerSettings::*section, T Section::*member)
	{
		return [section, member](ServerSettings& settings) -> T& { return (settings.*section).*member; };
	}

	template <typename T>
	Field<T> deflate(T DeflateSettings::*member)
	{
		return [member](ServerSettings& settings) -> T& { return settings.webSocket.deflate.*member; };
	}

	// The kinds of value a key can have: each makes the row's reader.

	template <typename T>
	Key::Reader integer(Field<T> value, std::int64_t min, std::int64_t max)
	{
		return [=](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			T& target = value(settings);
			target = static_cast<T>(loader.readInteger(key, static_cast<std::int64_t>(target), min, max));
		};
	}

	template <typename T>
	Key::Reader size(Field<T> value, std::int64_t min, std::int64_t max)
	{
		return [=](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			T& target = value(settings);
			target = static_cast<T>(loader.readSize(key, static_cast<std::int64_t>(target), min, max));
		};
	}

	Key::Reader seconds(Field<Poco::Timespan> value, bool allowZero)
	{
		return [=](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			value(settings) = loader.readSeconds(key, value(settings), allowZero);
		};
	}

	template <typename T, typename Read>
	Key::Reader simple(Field<T> value, Read read)
		/// A kind whose reader takes the key and the default, and nothing else.
	{
		return [=](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			value(settings) = (loader.*read)(key, value(settings));
		};
	}

	Key::Reader text(Field<std::string> value)
	{
		return simple(value, &SettingsLoader::readString);
	}

	Key::Reader boolean(Field<bool> value)
	{
		return simple(value, &SettingsLoader::readBoolean);
	}

	Key::Reader requestPath(Field<std::string> value)
	{
		return simple(value, &SettingsLoader::readPath);
	}

	Key::Reader roomName(Field<std::string> value)
	{
		return simple(value, &SettingsLoader::readRoomName);
	}

	Key::Reader address(Field<std::string> value)
	{
		return simple(value, &SettingsLoader::readAddress);
	}

	Key::Reader directory(Field<std::string> value)
	{
		return simple(value, &SettingsLoader::readDirectory);
	}

	Key::Reader origins(Field<OriginList> value)
	{
		return simple(value, &SettingsLoader::readOrigins);
	}

	Key::Reader threadStackSize()
	{
		return [](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			settings.threadStackSize = static_cast<int>(loader.readSize(key, settings.threadStackSize, 0, 64*MIB));
			if (settings.threadStackSize != 0 && settings.threadStackSize < MIN_STACK_SIZE)
				loader.reject(key, loader.readString(key, ""), "expected 0 (the system's default) or at least 64K");
		};
	}

	Key::Reader maxSessions()
	{
		// Read after server.maxThreads, which bounds it, so that one setting
		// bounds the server's threads; 0 leaves an eighth of them for HTTP.
		return [](const SettingsLoader& loader, const std::string& key, ServerSettings& settings)
		{
			const std::int64_t automatic = std::max(1, settings.maxThreads - settings.maxThreads/8);
			const std::int64_t sessions = loader.readInteger(key, 0, 0, settings.maxThreads);
			settings.webSocket.maxSessions = static_cast<std::size_t>(sessions == 0 ? automatic : sessions);
		};
	}

	bool isKnownKey(const std::string& key)
	{
		// Like the lookups themselves, key names ignore case in an .ini file.
		const std::vector<Key>& known = SettingsLoader::keys();
		return std::any_of(known.begin(), known.end(), [&](const Key& row) { return Poco::icompare(row.name, key) == 0; });
	}
}


const std::vector<SettingsLoader::Key>& SettingsLoader::keys()
{
	using S = ServerSettings;
	static const std::vector<Key> KEYS = {
		{"server.address",             address(field(&S::address))},
		{"server.port",                integer(field(&S::port), 0, 65535)},
		{"server.docroot",             directory(field(&S::files, &StaticFileSettings::docroot))},
		{"server.maxThreads",          integer(field(&S::maxThreads), 1, 100000)},
		{"server.maxQueued",           integer(field(&S::maxQueued), 1, 100000)},
		{"server.maxConnectionsPerAddress", integer(field(&S::maxConnectionsPerAddress), 0, 100000)},
		{"server.threadStackSize",     threadStackSize()},
		{"server.requestTimeout",      seconds(field(&S::requestTimeout), false)},
		{"server.sendTimeout",         seconds(field(&S::sendTimeout), false)},
		{"server.keepAliveTimeout",    seconds(field(&S::keepAliveTimeout), true)},
		{"server.shutdownTimeout",     seconds(field(&S::shutdownTimeout), true)},
		{"server.healthPath",          requestPath(field(&S::status, &StatusSettings::healthPath))},
		{"server.metricsPath",         requestPath(field(&S::status, &StatusSettings::metricsPath))},
		{"server.metricsLoopbackOnly", boolean(field(&S::status, &StatusSettings::metricsLoopbackOnly))},
		{"files.cacheControl",         text(field(&S::files, &StaticFileSettings::cacheControl))},
		{"files.listDirectories",      boolean(field(&S::files, &StaticFileSettings::listDirectories))},
		{"files.followSymlinks",       boolean(field(&S::files, &StaticFileSettings::followSymlinks))},
		{"files.serveDotFiles",        boolean(field(&S::files, &StaticFileSettings::serveDotFiles))},
		{"files.precompressed",        boolean(field(&S::files, &StaticFileSettings::precompressed))},
		{"files.memoryCache",          size(field(&S::files, &StaticFileSettings::memoryCache), 0, 4*GIB)},
		{"websocket.maxSessions",      maxSessions()},
		{"websocket.maxSessionsPerAddress", integer(field(&S::webSocket, &WebSocketSettings::maxSessionsPerAddress), 0, 100000)},
		{"websocket.receiveTimeout",   seconds(field(&S::webSocket, &WebSocketSettings::receiveTimeout), true)},
		{"websocket.pingInterval",     seconds(field(&S::webSocket, &WebSocketSettings::pingInterval), true)},
		{"websocket.sendTimeout",      seconds(field(&S::webSocket, &WebSocketSettings::sendTimeout), false)},
		{"websocket.closeTimeout",     seconds(field(&S::webSocket, &WebSocketSettings::closeTimeout), true)},
		{"websocket.maxMessageSize",   size(field(&S::webSocket, &WebSocketSettings::maxMessageSize), 1, GIB)},
		{"websocket.outboundHardLimit", size(field(&S::webSocket, &WebSocketSettings::outboundHardLimit), 0, 4*GIB)},
		{"websocket.outboundSoftLimit", size(field(&S::webSocket, &WebSocketSettings::outboundSoftLimit), 0, 4*GIB)},
		{"websocket.sendBufferSize",   size(field(&S::webSocket, &WebSocketSettings::sendBufferSize), 0, 64*MIB)},
		{"websocket.outboundSoftTime", seconds(field(&S::webSocket, &WebSocketSettings::outboundSoftTime), true)},
		{"websocket.allowedOrigins",   origins(field(&S::webSocket, &WebSocketSettings::allowedOrigins))},
		{"websocket.compression",      boolean(deflate(&DeflateSettings::enabled))},
		{"websocket.compressionLevel", integer(deflate(&DeflateSettings::level), 1, 9)},
		{"websocket.compressionThreshold", size(deflate(&DeflateSettings::threshold), 0, GIB)},
		{"websocket.compressionContextTakeover", boolean(deflate(&DeflateSettings::contextTakeover))},
		{"websocket.compressionWindowBits", integer(deflate(&DeflateSettings::windowBits), 9, 15)},
		{"websocket.compressionMemLevel", integer(deflate(&DeflateSettings::memLevel), 1, 9)},
		{"chat.defaultRoom",           roomName(field(&S::chat, &ChatSettings::defaultRoom))},
		{"chat.messagesPerSecond",     integer(field(&S::chat, &ChatSettings::messagesPerSecond), 0, 100000)},
		{"chat.maxTextLength",         size(field(&S::chat, &ChatSettings::maxTextLength), 1, 16*MIB)},
		{"dashboard.path",             requestPath(field(&S::dashboard, &DashboardSettings::path))},
		{"dashboard.loopbackOnly",     boolean(field(&S::dashboard, &DashboardSettings::loopbackOnly))}
	};
	return KEYS;
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
	for (const Key& key: keys()) key.read(*this, key.name, settings);
	settings.files.mimeTypes = readMimeTypes();
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


OriginList SettingsLoader::readOrigins(const std::string& key, const OriginList& defaultValue) const
{
	if (!_config.has(key)) return defaultValue;
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


std::string SettingsLoader::readRoomName(const std::string& key, const std::string& defaultValue) const
{
	const std::string value = readString(key, defaultValue);
	if (!ChatSession::isName(value, 32)) reject(key, value, "expected 1 to 32 letters, digits, '-', '_' or '.'");
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
