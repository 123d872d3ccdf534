//
// PocowsApplication.cpp
//


#include "PocowsApplication.h"
#include "PocowsServer.h"
#include "SettingsLoader.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Format.h"
#include "Poco/Logger.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/Util/HelpFormatter.h"
#include "Poco/Util/Option.h"
#include "Poco/Util/OptionCallback.h"
#include <iostream>


using Poco::Util::Application;
using Poco::Util::Option;
using Poco::Util::OptionCallback;
using Poco::Util::OptionSet;


namespace pocows {


namespace
{
	const std::string CONFIG_FILE_NAME("pocows.ini");
}


PocowsApplication::PocowsApplication():
	_helpRequested(false)
{
}


void PocowsApplication::defineOptions(OptionSet& options)
{
	ServerApplication::defineOptions(options);

	options.addOption(
		Option("help", "h", "Print this help and exit.")
			.required(false)
			.repeatable(false)
			.callback(OptionCallback<PocowsApplication>(this, &PocowsApplication::handleHelp)));

	options.addOption(
		Option("config", "c", "Read the configuration from FILE (default: pocows.ini beside the executable).")
			.required(false)
			.repeatable(false)
			.argument("FILE")
			.callback(OptionCallback<PocowsApplication>(this, &PocowsApplication::handleConfig)));

	options.addOption(
		Option("port", "p", "Listen on PORT, overriding server.port (0 picks a free port).")
			.required(false)
			.repeatable(false)
			.argument("PORT")
			.callback(OptionCallback<PocowsApplication>(this, &PocowsApplication::handlePort)));
}


void PocowsApplication::handleHelp(const std::string&, const std::string&)
{
	_helpRequested = true;
	Poco::Util::HelpFormatter help(options());
	help.setCommand(commandName());
	help.setUsage("[OPTIONS]");
	help.setHeader("A WebSocket echo server and static file server.");
	help.setFooter("The configuration file documents every setting; see config/pocows.ini.");
	help.format(std::cout);
	stopOptionsProcessing();
}


void PocowsApplication::handleConfig(const std::string&, const std::string& value)
{
	// Made absolute now: a daemon changes its working directory to / later.
	_configFile = Poco::Path(value).makeAbsolute().toString();
}


void PocowsApplication::handlePort(const std::string&, const std::string& value)
{
	_port = value;
}


void PocowsApplication::initialize(Application& self)
{
	if (!_helpRequested)
	{
		loadConfigurationFile();
		resolveLogPaths();
	}
	ServerApplication::initialize(self);
	if (!config().has("application.logger")) setLogger(Poco::Logger::get("pocows"));
}


void PocowsApplication::loadConfigurationFile()
{
	if (_configFile.empty())
	{
		const Poco::Path besideExecutable(config().getString("application.dir"), CONFIG_FILE_NAME);
		if (!Poco::File(besideExecutable).exists()) return;
		_configFile = besideExecutable.toString();
	}
	if (!Poco::File(_configFile).exists()) throw Poco::FileNotFoundException("configuration file", _configFile);
	loadConfiguration(_configFile);
}


void PocowsApplication::resolveLogPaths()
{
	// Log files named relative to the configuration file must stay there when
	// the daemon's working directory is /.
	Poco::Util::AbstractConfiguration::Keys channels;
	config().keys("logging.channels", channels);
	const Poco::Path base(SettingsLoader::baseDirectory(_configFile) + "/");
	for (const std::string& channel: channels)
	{
		const std::string key = "logging.channels." + channel + ".path";
		if (!config().has(key)) continue;
		Poco::Path path(config().getString(key));
		if (path.isRelative()) config().setString(key, Poco::Path(base).resolve(path).toString());
	}
}


int PocowsApplication::main(const ArgVec&)
{
	if (_helpRequested) return Application::EXIT_OK;
	ServerSettings settings;
	try
	{
		settings = SettingsLoader(config(), _configFile).load();
		if (!_port.empty())
		{
			unsigned port = 0;
			if (!Poco::NumberParser::tryParseUnsigned(_port, port) || port > 65535)
				throw Poco::InvalidArgumentException("--port=" + _port + ": expected a port number from 0 to 65535");
			settings.port = static_cast<Poco::UInt16>(port);
		}
	}
	catch (Poco::Exception& exc)
	{
		logger().fatal(exc.message());
		return Application::EXIT_CONFIG;
	}

	PocowsServer server(settings);
	server.start();
	const std::string host = settings.address == "0.0.0.0" || settings.address == "::" ? std::string("localhost") : settings.address;
	logger().information(Poco::format("pocows %s listening on %s:%hu; open http://%s:%hu/ (docroot %s)",
		std::string(POCOWS_VERSION), settings.address, server.port(), host, server.port(), settings.files.docroot));
	waitForTerminationRequest();
	logger().information("stopping");
	server.stop();
	logger().information("stopped");
	return Application::EXIT_OK;
}


} // namespace pocows
