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
#include "Poco/Net/Net.h"
#include "Poco/Util/HelpFormatter.h"
#include "Poco/Util/Option.h"
#include "Poco/Util/OptionCallback.h"
#include <csignal>
#if defined(POCO_OS_FAMILY_UNIX)
#include <sys/resource.h>
#endif
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>


using Poco::Util::Application;
using Poco::Util::Option;
using Poco::Util::OptionCallback;
using Poco::Util::OptionSet;


namespace pocows {


namespace
{
	const std::string CONFIG_FILE_NAME("pocows.ini");
	const int RESERVED_DESCRIPTORS = 64;  // log files, the listening socket, the libraries' own

#if defined(POCO_OS_FAMILY_UNIX)
	sigset_t stopSignals()
		/// The signals that stop the server: those ServerApplication waits for.
	{
		sigset_t signals;
		sigemptyset(&signals);
		sigaddset(&signals, SIGINT);
		sigaddset(&signals, SIGQUIT);
		sigaddset(&signals, SIGTERM);
		return signals;
	}
#endif
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


void PocowsApplication::handleOption(const std::string& name, const std::string& value)
{
	ServerApplication::handleOption(name, value);
	// Remembered, absolute, to remove the pid file on a forced stop too.
	if (name == "pidfile") _pidFile = Poco::Path(value).makeAbsolute().toString();
}


void PocowsApplication::initialize(Application& self)
{
	// Starts Winsock on Windows, where a MinGW build of POCO does not start
	// it by itself; nothing elsewhere.
	Poco::Net::initializeNetwork();
	if (!_helpRequested)
	{
		loadConfigurationFile();
		chooseDaemonLogChannel();
		prepareLogFiles();
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


void PocowsApplication::chooseDaemonLogChannel()
{
	// A daemon's standard output is /dev/null, and a Windows service has no
	// console at all: their root logger needs another channel.
	const bool detached = config().getBool("application.runAsDaemon", false) || config().getBool("application.runAsService", false);
	if (detached && config().has("logging.daemonChannel"))
		config().setString("logging.loggers.root.channel", config().getString("logging.daemonChannel"));
}


void PocowsApplication::prepareLogFiles()
{
	// Log files named relative to the configuration file must stay there when
	// the daemon's working directory is /, and the folder of a file that is
	// written to must exist: POCO's FileChannel does not create it.
	const Poco::Path base(SettingsLoader::baseDirectory(_configFile) + "/");
	Poco::Util::AbstractConfiguration::Keys loggers;
	config().keys("logging.loggers", loggers);
	std::set<std::string> usedChannels;
	for (const std::string& logger: loggers) usedChannels.insert(config().getString("logging.loggers." + logger + ".channel", ""));

	Poco::Util::AbstractConfiguration::Keys channels;
	config().keys("logging.channels", channels);
	for (const std::string& channel: channels)
	{
		const std::string key = "logging.channels." + channel + ".path";
		if (!config().has(key)) continue;
		const Poco::Path path = Poco::Path(base).resolve(Poco::Path(config().getString(key)));
		config().setString(key, path.toString());
		if (usedChannels.count(channel)) Poco::File(path.parent()).createDirectories();
	}
}


void PocowsApplication::raiseOpenFileLimit(int maxThreads)
{
#if defined(POCO_OS_FAMILY_UNIX)
	// Every connection is a descriptor; the usual soft limit of 1024 would
	// cap the server far below its thread pool. The hard limit is ours to take.
	rlimit limit;
	if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
	if (limit.rlim_cur < limit.rlim_max)
	{
		limit.rlim_cur = limit.rlim_max;
		setrlimit(RLIMIT_NOFILE, &limit);
		getrlimit(RLIMIT_NOFILE, &limit);
	}
	const rlim_t needed = static_cast<rlim_t>(maxThreads) + RESERVED_DESCRIPTORS;
	if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed)
		logger().warning(Poco::format("open file limit is %Lu, below server.maxThreads + %d = %Lu: connections beyond it will wait to be accepted",
			static_cast<Poco::UInt64>(limit.rlim_cur), RESERVED_DESCRIPTORS, static_cast<Poco::UInt64>(needed)));
#else
	// Windows has no such per-process limit on sockets.
	(void) maxThreads;
#endif
}


void PocowsApplication::blockStopSignals()
{
#if defined(POCO_OS_FAMILY_UNIX)
	// Blocked before any other thread exists, so that every thread inherits
	// the mask and the stop signals reach only the threads that wait for them.
	const sigset_t signals = stopSignals();
	pthread_sigmask(SIG_BLOCK, &signals, nullptr);
#endif
}


void PocowsApplication::stopAtOnceOnSecondSignal()
{
#if defined(POCO_OS_FAMILY_UNIX)
	std::thread([this]
	{
		const sigset_t signals = stopSignals();
		int signal = 0;
		sigwait(&signals, &signal);
		logger().warning("second stop signal: stopping at once");
		if (!_pidFile.empty()) std::remove(_pidFile.c_str());
		std::_Exit(Application::EXIT_SOFTWARE);
	}).detach();
#endif
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

	blockStopSignals();
	raiseOpenFileLimit(settings.maxThreads);
	PocowsServer server(settings, config().getBool("application.runAsService", false));
	server.start();
	const std::string host = settings.address == "0.0.0.0" || settings.address == "::" ? std::string("localhost") : settings.address;
	logger().information(Poco::format("pocows %s listening on %s:%hu; open http://%s:%hu/ (docroot %s)",
		std::string(POCOWS_VERSION), settings.address, server.port(), host, server.port(), settings.files.docroot));
	waitForTerminationRequest();
	stopAtOnceOnSecondSignal();
	logger().information(Poco::format("stopping: closing %z WebSocket session(s), waiting up to %.1f s", server.openSessions(), settings.shutdownTimeout.totalMicroseconds()/1e6));
	server.stop();
	logger().information("stopped");
	return Application::EXIT_OK;
}


} // namespace pocows
