//
// SettingsLoaderTest.cpp
//


#include "SettingsLoader.h"
#include "support/TestDocroot.h"
#include "Poco/AutoPtr.h"
#include "Poco/Exception.h"
#include "Poco/Path.h"
#include "Poco/Util/IniFileConfiguration.h"
#include "Poco/Util/MapConfiguration.h"
#include "Poco/FileStream.h"
#include "Poco/RegularExpression.h"
#include <cppunit/extensions/HelperMacros.h>
#include <algorithm>
#include <set>
#include <sstream>


using Poco::AutoPtr;
using Poco::Util::MapConfiguration;


namespace pocows {


class SettingsLoaderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SettingsLoaderTest);
	CPPUNIT_TEST(testDefaults);
	CPPUNIT_TEST(testReadsEveryKey);
	CPPUNIT_TEST(testMaxSessions);
	CPPUNIT_TEST(testRelativeDocrootFollowsConfigFile);
	CPPUNIT_TEST(testRejectsBadValues);
	CPPUNIT_TEST(testErrorNamesFileKeyAndValue);
	CPPUNIT_TEST(testUnknownKey);
	CPPUNIT_TEST(testIniKeysIgnoreCase);
	CPPUNIT_TEST(testShippedConfigLoads);
	CPPUNIT_TEST(testEveryKeyDocumented);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_files = std::make_unique<TestDocroot>();
		_config = new MapConfiguration;
		_config->setString("server.docroot", _files->docroot());
	}

	void tearDown() override
	{
		_config = nullptr;
		_files.reset();
	}

	void testDefaults()
	{
		const ServerSettings settings = load();
		const ServerSettings defaults;
		CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0"), settings.address);
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::UInt16>(8181), settings.port);
		CPPUNIT_ASSERT_EQUAL(defaults.maxThreads, settings.maxThreads);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(16*1024*1024), settings.webSocket.maxMessageSize);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(16*1024*1024), settings.files.memoryCache);
		CPPUNIT_ASSERT(Poco::Timespan(60, 0) == settings.webSocket.receiveTimeout);
	}

	void testReadsEveryKey()
	{
		_config->setString("server.address", "127.0.0.1");
		_config->setString("server.port", "0");
		_config->setString("server.maxThreads", "300");
		_config->setString("server.maxQueued", "7");
		_config->setString("server.sendTimeout", "4");
		_config->setString("server.healthPath", "/health");
		_config->setString("server.metricsPath", "");
		_config->setString("server.metricsLoopbackOnly", "no");
		_config->setString("websocket.maxSessions", "250");
		_config->setString("websocket.pingInterval", "7.5");
		_config->setString("files.cacheControl", "max-age=60");
		_config->setString("files.listDirectories", "yes");
		_config->setString("files.followSymlinks", "on");
		_config->setString("files.serveDotFiles", "true");
		_config->setString("files.precompressed", "1");
		_config->setString("files.memoryCache", "0");
		_config->setString("mime.GLB", "model/gltf-binary");
		_config->setString("server.threadStackSize", "512K");
		_config->setString("server.requestTimeout", "2.5");
		_config->setString("server.keepAliveTimeout", "0");
		_config->setString("server.shutdownTimeout", "3");
		_config->setString("websocket.receiveTimeout", "0");
		_config->setString("websocket.sendTimeout", "0.25");
		_config->setString("websocket.closeTimeout", "1");
		_config->setString("websocket.maxMessageSize", "2M");
		_config->setString("websocket.allowedOrigins", "https://Example.com:443, http://localhost:8181");
		const ServerSettings settings = load();
		CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), settings.address);
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::UInt16>(0), settings.port);
		CPPUNIT_ASSERT_EQUAL(300, settings.maxThreads);
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(4000000), settings.sendTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(std::string("/health"), settings.status.healthPath);
		CPPUNIT_ASSERT_EQUAL(std::string(""), settings.status.metricsPath);
		CPPUNIT_ASSERT(!settings.status.metricsLoopbackOnly);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(250), settings.webSocket.maxSessions);
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(7500000), settings.webSocket.pingInterval.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(std::string("max-age=60"), settings.files.cacheControl);
		CPPUNIT_ASSERT(settings.files.listDirectories && settings.files.followSymlinks && settings.files.serveDotFiles && settings.files.precompressed);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(0), settings.files.memoryCache);
		CPPUNIT_ASSERT_EQUAL(std::string("model/gltf-binary"), settings.files.mimeTypes.at("glb"));
		CPPUNIT_ASSERT_EQUAL(512*1024, settings.threadStackSize);
		CPPUNIT_ASSERT_EQUAL(7, settings.maxQueued);
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(2500000), settings.requestTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(0), settings.keepAliveTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(3000000), settings.shutdownTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(0), settings.webSocket.receiveTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(250000), settings.webSocket.sendTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Timespan::TimeDiff>(1000000), settings.webSocket.closeTimeout.totalMicroseconds());
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(2*1024*1024), settings.webSocket.maxMessageSize);
		const std::vector<std::string> origins = {"https://example.com", "http://localhost:8181"};
		CPPUNIT_ASSERT(origins == settings.webSocket.allowedOrigins.origins());
	}

	void testMaxSessions()
	{
		// Automatic: one thread in eight stays free for HTTP.
		_config->setString("server.maxThreads", "80");
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(70), load().webSocket.maxSessions);
		_config->setString("websocket.maxSessions", "80");
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(80), load().webSocket.maxSessions);
		_config->setString("websocket.maxSessions", "81");
		CPPUNIT_ASSERT_THROW(load(), Poco::InvalidArgumentException);
		_config->setString("server.maxThreads", "1");
		_config->setString("websocket.maxSessions", "0");
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(1), load().webSocket.maxSessions);
	}

	void testRelativeDocrootFollowsConfigFile()
	{
		_config->setString("server.docroot", "htdocs/sub");
		const ServerSettings settings = SettingsLoader(*_config, _files->path("pocows.ini")).load();
		CPPUNIT_ASSERT_EQUAL(_files->path("htdocs/sub"), settings.files.docroot);
	}

	void testRejectsBadValues()
	{
		expectRejected("server.address", "localhost");
		expectRejected("server.address", "256.1.1.1");
		expectRejected("server.port", "65536");
		expectRejected("server.port", "-1");
		expectRejected("server.port", "80x");
		expectRejected("server.docroot", "no-such-folder");
		expectRejected("server.docroot", "");
		expectRejected("server.maxThreads", "0");
		expectRejected("server.maxQueued", "0");
		expectRejected("server.healthPath", "healthz");
		expectRejected("server.metricsPath", "/metrics?x");
		expectRejected("server.metricsLoopbackOnly", "maybe");
		expectRejected("websocket.maxSessions", "-1");
		expectRejected("websocket.pingInterval", "-2");
		expectRejected("files.listDirectories", "sometimes");
		expectRejected("mime.glb", "binary");
		expectRejected("mime.g.l.b", "model/gltf-binary");
		expectRejected("server.threadStackSize", "1K");
		expectRejected("server.threadStackSize", "1T");
		expectRejected("server.threadStackSize", "K");
		expectRejected("server.requestTimeout", "0");
		expectRejected("server.requestTimeout", "-1");
		expectRejected("server.requestTimeout", "soon");
		expectRejected("websocket.sendTimeout", "0");
		expectRejected("websocket.receiveTimeout", "nan");
		expectRejected("websocket.receiveTimeout", "1e99");
		expectRejected("websocket.maxMessageSize", "0");
		expectRejected("websocket.maxMessageSize", "2G");
		expectRejected("websocket.maxMessageSize", "-1M");
		expectRejected("websocket.maxMessageSize", "16MB");
		expectRejected("files.memoryCache", "-1");
		expectRejected("files.memoryCache", "5G");
		expectRejected("websocket.allowedOrigins", "example.com");
		expectRejected("websocket.allowedOrigins", "https://example.com/app");
		expectRejected("websocket.allowedOrigins", "https://example.com, *");
		expectRejected("chat.defaultRoom", "the lobby");
		expectRejected("chat.defaultRoom", "");
		expectRejected("chat.messagesPerSecond", "-1");
		expectRejected("chat.maxTextLength", "0");
		expectRejected("dashboard.path", "stats");
		expectRejected("websocket.outboundHardLimit", "lots");
	}

	void testErrorNamesFileKeyAndValue()
	{
		_config->setString("websocket.maxMessageSize", "lots");
		try
		{
			SettingsLoader(*_config, "/etc/pocows/pocows.ini").load();
			CPPUNIT_FAIL("a bad value was accepted");
		}
		catch (Poco::InvalidArgumentException& exc)
		{
			const std::string message = exc.message();
			CPPUNIT_ASSERT(message.find("/etc/pocows/pocows.ini") == 0);
			CPPUNIT_ASSERT(message.find("websocket.maxMessageSize") != std::string::npos);
			CPPUNIT_ASSERT(message.find("\"lots\"") != std::string::npos);
			CPPUNIT_ASSERT(message.find('\n') == std::string::npos);
		}
	}

	void testUnknownKey()
	{
		_config->setString("websocket.recieveTimeout", "5");
		try
		{
			SettingsLoader(*_config, "pocows.ini").load();
			CPPUNIT_FAIL("a misspelt key was accepted");
		}
		catch (Poco::InvalidArgumentException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("pocows.ini: unknown key websocket.recieveTimeout"), exc.message());
		}
	}

	void testIniKeysIgnoreCase()
	{
		std::istringstream ini("[Server]\nMaxThreads = 12\ndocroot = " + _files->docroot() + "\n[WebSocket]\nMAXMESSAGESIZE = 1K\n");
		AutoPtr<Poco::Util::IniFileConfiguration> config = new Poco::Util::IniFileConfiguration(ini);
		const ServerSettings settings = SettingsLoader(*config, "pocows.ini").load();
		CPPUNIT_ASSERT_EQUAL(12, settings.maxThreads);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(1024), settings.webSocket.maxMessageSize);
	}

	void testShippedConfigLoads()
	{
		// config/pocows.ini documents every key with its default: loading it must give the defaults.
		AutoPtr<Poco::Util::IniFileConfiguration> config = new Poco::Util::IniFileConfiguration(POCOWS_SOURCE_DIR "/config/pocows.ini");
		const ServerSettings shipped = SettingsLoader(*config, POCOWS_SOURCE_DIR "/config/pocows.ini").load();
		const ServerSettings defaults;
		CPPUNIT_ASSERT_EQUAL(defaults.address, shipped.address);
		CPPUNIT_ASSERT_EQUAL(defaults.port, shipped.port);
		CPPUNIT_ASSERT_EQUAL(defaults.maxThreads, shipped.maxThreads);
		CPPUNIT_ASSERT(defaults.sendTimeout == shipped.sendTimeout);
		CPPUNIT_ASSERT_EQUAL(defaults.maxQueued, shipped.maxQueued);
		CPPUNIT_ASSERT_EQUAL(defaults.status.healthPath, shipped.status.healthPath);
		CPPUNIT_ASSERT_EQUAL(defaults.status.metricsPath, shipped.status.metricsPath);
		CPPUNIT_ASSERT_EQUAL(defaults.status.metricsLoopbackOnly, shipped.status.metricsLoopbackOnly);
		CPPUNIT_ASSERT_EQUAL(defaults.webSocket.maxSessions, shipped.webSocket.maxSessions);
		CPPUNIT_ASSERT(defaults.webSocket.pingInterval == shipped.webSocket.pingInterval);
		CPPUNIT_ASSERT_EQUAL(defaults.files.cacheControl, shipped.files.cacheControl);
		CPPUNIT_ASSERT_EQUAL(defaults.files.listDirectories, shipped.files.listDirectories);
		CPPUNIT_ASSERT_EQUAL(defaults.files.followSymlinks, shipped.files.followSymlinks);
		CPPUNIT_ASSERT_EQUAL(defaults.files.serveDotFiles, shipped.files.serveDotFiles);
		CPPUNIT_ASSERT_EQUAL(defaults.files.precompressed, shipped.files.precompressed);
		CPPUNIT_ASSERT(shipped.files.mimeTypes.empty());
		CPPUNIT_ASSERT_EQUAL(defaults.threadStackSize, shipped.threadStackSize);
		CPPUNIT_ASSERT(defaults.requestTimeout == shipped.requestTimeout);
		CPPUNIT_ASSERT(defaults.keepAliveTimeout == shipped.keepAliveTimeout);
		CPPUNIT_ASSERT(defaults.shutdownTimeout == shipped.shutdownTimeout);
		CPPUNIT_ASSERT(defaults.webSocket.receiveTimeout == shipped.webSocket.receiveTimeout);
		CPPUNIT_ASSERT(defaults.webSocket.sendTimeout == shipped.webSocket.sendTimeout);
		CPPUNIT_ASSERT(defaults.webSocket.closeTimeout == shipped.webSocket.closeTimeout);
		CPPUNIT_ASSERT_EQUAL(defaults.webSocket.maxMessageSize, shipped.webSocket.maxMessageSize);
		CPPUNIT_ASSERT(shipped.webSocket.allowedOrigins.allowsAny());
		CPPUNIT_ASSERT(Poco::Path(shipped.files.docroot).toString().find("htdocs") != std::string::npos);
	}

	void testEveryKeyDocumented()
	{
		// Keys documented outside the table: [mime]'s keys are the
		// extensions themselves, and logging.daemonChannel is read by the
		// application before logging, and so the settings, are set up.
		const std::set<std::string> beyondTable = {"mime.EXT", "logging.daemonChannel"};
		std::set<std::string> table;
		for (const SettingsLoader::Key& key: SettingsLoader::keys()) table.insert(key.name);

		const std::set<std::string> readme = readmeKeys();
		for (const std::string& key: table)
			CPPUNIT_ASSERT_MESSAGE("README.md does not list " + key, readme.count(key) == 1);
		for (const std::string& key: readme)
			CPPUNIT_ASSERT_MESSAGE("README.md lists " + key + ", which pocows does not know", table.count(key) == 1 || beyondTable.count(key) == 1);

		AutoPtr<Poco::Util::IniFileConfiguration> ini = new Poco::Util::IniFileConfiguration(POCOWS_SOURCE_DIR "/config/pocows.ini");
		for (const std::string& key: table)
			CPPUNIT_ASSERT_MESSAGE("config/pocows.ini does not list " + key, ini->has(key));
		CPPUNIT_ASSERT(ini->has("logging.daemonChannel"));
		for (const char* section: {"server", "files", "websocket"})
		{
			Poco::Util::AbstractConfiguration::Keys keys;
			ini->keys(section, keys);
			for (const std::string& key: keys)
			{
				const std::string name = std::string(section) + "." + key;
				CPPUNIT_ASSERT_MESSAGE("config/pocows.ini lists " + name + ", which pocows does not know", table.count(name) == 1);
			}
		}
	}

private:
	static std::set<std::string> readmeKeys()
		/// The first cells of the README's tables that name a configuration key.
	{
		Poco::FileInputStream readme(POCOWS_SOURCE_DIR "/README.md");
		const Poco::RegularExpression row("^\\| `([a-z]+\\.[A-Za-z]+)` \\|");
		std::set<std::string> keys;
		std::string line;
		while (std::getline(readme, line))
		{
			std::vector<std::string> match;
			if (row.split(line, match) == 2) keys.insert(match[1]);
		}
		return keys;
	}

	ServerSettings load()
	{
		return SettingsLoader(*_config, "").load();
	}

	void expectRejected(const std::string& key, const std::string& value)
	{
		AutoPtr<MapConfiguration> config = new MapConfiguration;
		config->setString("server.docroot", _files->docroot());
		config->setString(key, value);
		CPPUNIT_ASSERT_THROW_MESSAGE(key + " = " + value, SettingsLoader(*config, "test.ini").load(), Poco::InvalidArgumentException);
	}

	std::unique_ptr<TestDocroot> _files;
	AutoPtr<MapConfiguration> _config;
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SettingsLoaderTest, "SettingsLoader");


} // namespace pocows
