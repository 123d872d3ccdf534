//
// DaemonTest.cpp
//
// The built pocows binary, started as users start it.
//


#include "support/TestDocroot.h"
#include "support/TestHttp.h"
#include "support/TestProcess.h"
#include "support/TestWebSocketClient.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/NumberParser.h"
#include "Poco/Pipe.h"
#include "Poco/PipeStream.h"
#include "Poco/Process.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>


namespace pocows {


namespace
{
	struct Run
	{
		int exitCode;
		std::string output;
	};

	Run runPocows(const Poco::Process::Args& args)
		/// Runs pocows in the foreground to its end, collecting stdout and stderr.
	{
		Poco::Pipe output;
		Poco::ProcessHandle handle = Poco::Process::launch(POCOWS_BINARY, args, "/", nullptr, &output, &output);
		Poco::PipeInputStream stream(output);
		std::string text;
		Poco::StreamCopier::copyToString(stream, text);
		return {handle.wait(), text};
	}
}


class DaemonTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DaemonTest);
	CPPUNIT_TEST(testDaemonWithPidfileStopsOnSigterm);
	CPPUNIT_TEST(testBadConfigValueStopsStartup);
	CPPUNIT_TEST(testHelpListsOptions);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDaemonWithPidfileStopsOnSigterm()
	{
		TestDocroot files;
		// Relative paths, started from /: they must resolve against the config
		// file's folder. The root logger writes to the console, which a daemon
		// does not have: pocows must switch it to daemonChannel, and create
		// the log file's folder.
		files.write("pocows.ini",
			"[server]\naddress = 127.0.0.1\nport = 0\ndocroot = htdocs\n"
			"[logging]\ndaemonChannel = file\nloggers.root.level = information\nloggers.root.channel = console\n"
			"channels.console.class = ConsoleChannel\n"
			"channels.file.class = FileChannel\nchannels.file.path = logs/pocows.log\n");
		const std::string pidFile = files.path("pocows.pid");
		const std::string logFile = files.path("logs/pocows.log");

		Poco::ProcessHandle launcher = Poco::Process::launch(POCOWS_BINARY, {"--daemon", "--pidfile=" + pidFile, "--config=" + files.path("pocows.ini")}, "/");
		CPPUNIT_ASSERT_EQUAL(0, launcher.wait());

		Poco::UInt16 port = 0;
		CPPUNIT_ASSERT_MESSAGE("no listening line in " + logFile, waitFor([&] { return findListeningPort(readFile(logFile), "127.0.0.1", port); }));
		CPPUNIT_ASSERT(Poco::File(pidFile).exists());
		const int pid = Poco::NumberParser::parse(Poco::trim(readFile(pidFile)));
		CPPUNIT_ASSERT(pid != launcher.id());

		const std::string response = httpGet(port, "/");
		CPPUNIT_ASSERT(response.find("200 OK") != std::string::npos);
		CPPUNIT_ASSERT(response.find(TestDocroot::INDEX) != std::string::npos);

		TestWebSocketClient client(port);
		CPPUNIT_ASSERT_EQUAL(std::string("from a daemon"), client.echo(0x1, "from a daemon"));

		CPPUNIT_ASSERT_EQUAL(0, ::kill(pid, SIGTERM));
		CPPUNIT_ASSERT(waitFor([&] { return processGone(pid); }));
		CPPUNIT_ASSERT(!Poco::File(pidFile).exists());
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(1001), client.receive().closeCode());
		CPPUNIT_ASSERT(readFile(logFile).find("stopped") != std::string::npos);
	}

	void testBadConfigValueStopsStartup()
	{
		TestDocroot files;
		files.write("bad.ini", "[server]\nport = 0\ndocroot = htdocs\n[websocket]\nmaxMessageSize = lots\n");
		const Run run = runPocows({"--config=" + files.path("bad.ini")});
		CPPUNIT_ASSERT_EQUAL(78, run.exitCode);  // EXIT_CONFIG
		// File, key, value and the problem, all on one line.
		CPPUNIT_ASSERT(run.output.find(files.path("bad.ini") + ": websocket.maxMessageSize = \"lots\": expected a size") != std::string::npos);

		files.write("typo.ini", "[server]\nprot = 8080\n");
		const Run typo = runPocows({"--config=" + files.path("typo.ini")});
		CPPUNIT_ASSERT_EQUAL(78, typo.exitCode);
		CPPUNIT_ASSERT(typo.output.find("typo.ini: unknown key server.prot") != std::string::npos);

		files.write("good.ini", "[server]\nport = 0\ndocroot = htdocs\n");
		const Run badPort = runPocows({"--config=" + files.path("good.ini"), "--port=http"});
		CPPUNIT_ASSERT_EQUAL(78, badPort.exitCode);
		CPPUNIT_ASSERT(badPort.output.find("--port=http: expected a port number") != std::string::npos);

		const Run missing = runPocows({"--config=" + files.path("missing.ini")});
		CPPUNIT_ASSERT(missing.exitCode != 0);
		CPPUNIT_ASSERT(missing.output.find("missing.ini") != std::string::npos);
	}

	void testHelpListsOptions()
	{
		const Run run = runPocows({"--help"});
		CPPUNIT_ASSERT_EQUAL(0, run.exitCode);
		for (const char* option: {"--help", "--config=FILE", "--port=PORT", "--daemon", "--pidfile=path", "--umask=mask"})
		{
			CPPUNIT_ASSERT_MESSAGE(option, run.output.find(option) != std::string::npos);
		}
	}

};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DaemonTest, "Daemon");


} // namespace pocows
