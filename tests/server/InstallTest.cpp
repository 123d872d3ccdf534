//
// InstallTest.cpp
//
// What `cmake --install` and `cpack -G DEB` lay out, and that the installed server runs.
//


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
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>


namespace pocows {


namespace
{
	struct Output
	{
		int exitCode;
		std::string text;
	};

	Output run(const std::string& command, const Poco::Process::Args& args, const std::string& directory = POCOWS_BUILD_DIR)
	{
		Poco::Pipe output;
		Poco::ProcessHandle handle = Poco::Process::launch(command, args, directory, nullptr, &output, &output);
		Poco::PipeInputStream stream(output);
		std::string text;
		Poco::StreamCopier::copyToString(stream, text);
		return {handle.wait(), text};
	}

	std::string replaceLine(const std::string& text, const std::string& start, const std::string& line)
	{
		const std::size_t pos = text.find("\n" + start);
		CPPUNIT_ASSERT(pos != std::string::npos);
		return text.substr(0, pos + 1) + line + text.substr(text.find('\n', pos + 1));
	}

}


class InstallTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(InstallTest);
	CPPUNIT_TEST(testInstalledServerRunsAsDaemon);
	CPPUNIT_TEST(testDebianPackage);
	CPPUNIT_TEST_SUITE_END();

public:
	void testInstalledServerRunsAsDaemon()
	{
		Poco::TemporaryFile prefixFolder;
		const std::string prefix = prefixFolder.path();
		const Output install = run(CMAKE_COMMAND, {"--install", POCOWS_BUILD_DIR, "--prefix", prefix});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(install.text, 0, install.exitCode);
		for (const char* file: {"/bin/pocows", "/etc/pocows/pocows.ini", "/share/pocows/htdocs/index.html", "/lib/systemd/system/pocows.service"})
			CPPUNIT_ASSERT_MESSAGE(file, Poco::File(prefix + file).exists());

		const std::string unit = readFile(prefix + "/lib/systemd/system/pocows.service");
		CPPUNIT_ASSERT(unit.find("\nType=forking\n") != std::string::npos);
		CPPUNIT_ASSERT(unit.find("\nExecStart=" + prefix + "/bin/pocows --daemon --pidfile=/run/pocows/pocows.pid --config=" + prefix + "/etc/pocows/pocows.ini\n") != std::string::npos);
		for (const char* hardening: {"\nNoNewPrivileges=yes\n", "\nProtectSystem=strict\n", "\nDynamicUser=yes\n"})
			CPPUNIT_ASSERT_MESSAGE(hardening, unit.find(hardening) != std::string::npos);

		// The installed configuration, only moved to loopback and a free port.
		const std::string configFile = prefix + "/etc/pocows/pocows.ini";
		std::string config = readFile(configFile);
		CPPUNIT_ASSERT(config.find("\ndocroot = " + prefix + "/share/pocows/htdocs\n") != std::string::npos);
		config = replaceLine(config, "address = ", "address = 127.0.0.1");
		config = replaceLine(config, "port = ", "port = 0");
		{
			Poco::FileOutputStream out(configFile);
			out << config;
		}

		const std::string pidFile = prefix + "/pocows.pid";
		const Output daemon = run(prefix + "/bin/pocows", {"--daemon", "--pidfile=" + pidFile, "--config=" + configFile}, "/");
		CPPUNIT_ASSERT_EQUAL(0, daemon.exitCode);
		const std::string logFile = prefix + "/var/log/pocows/pocows.log";
		Poco::UInt16 port = 0;
		CPPUNIT_ASSERT_MESSAGE("no listening line in " + logFile, waitFor([&] { return findListeningPort(readFile(logFile), "127.0.0.1", port); }));
		const int pid = static_cast<int>(Poco::NumberParser::parse(Poco::trim(readFile(pidFile))));

		const std::string health = httpGet(port, "/healthz");
		CPPUNIT_ASSERT(health.find("HTTP/1.1 200 OK") == 0);
		CPPUNIT_ASSERT(health.find("\"status\":\"ok\"") != std::string::npos);
		const std::string page = httpGet(port, "/");
		CPPUNIT_ASSERT(page.find(readFile(POCOWS_SOURCE_DIR "/htdocs/index.html")) != std::string::npos);
		TestWebSocketClient client(port);
		CPPUNIT_ASSERT_EQUAL(std::string("installed"), client.echo(0x1, "installed"));

		CPPUNIT_ASSERT_EQUAL(0, ::kill(pid, SIGTERM));
		CPPUNIT_ASSERT(waitFor([&] { return processGone(pid); }));
		CPPUNIT_ASSERT(!Poco::File(pidFile).exists());
	}

	void testDebianPackage()
	{
		Poco::TemporaryFile packageFolder;
		packageFolder.createDirectories();
		const Output cpack = run(CPACK_COMMAND, {"-G", "DEB", "-B", packageFolder.path()});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(cpack.text, 0, cpack.exitCode);
		const std::string package = packageFolder.path() + "/pocows_" POCOWS_VERSION "_amd64.deb";
		CPPUNIT_ASSERT_MESSAGE(cpack.text, Poco::File(package).exists());

		const std::string files = run("dpkg-deb", {"--contents", package}).text;
		for (const char* file: {" ./usr/bin/pocows\n", " ./etc/pocows/pocows.ini\n", " ./usr/share/pocows/htdocs/index.html\n", " ./usr/lib/systemd/system/pocows.service\n"})
			CPPUNIT_ASSERT_MESSAGE(file, files.find(file) != std::string::npos);

		const std::string depends = run("dpkg-deb", {"--field", package, "Depends"}).text;
		for (const char* runtime: {"libpocofoundation80", "libpoconet80", "libpocoutil80"})
		{
			CPPUNIT_ASSERT_MESSAGE(depends, depends.find(runtime) != std::string::npos);
			// Named as Debian names them: the package this very build links against.
			CPPUNIT_ASSERT_EQUAL_MESSAGE(runtime, 0, run("dpkg-query", {"--show", runtime}).exitCode);
		}

		Poco::TemporaryFile control;
		CPPUNIT_ASSERT_EQUAL(0, run("dpkg-deb", {"--control", package, control.path()}).exitCode);
		CPPUNIT_ASSERT_EQUAL(std::string("/etc/pocows/pocows.ini\n"), readFile(control.path() + "/conffiles"));

		Poco::TemporaryFile tree;
		CPPUNIT_ASSERT_EQUAL(0, run("dpkg-deb", {"--extract", package, tree.path()}).exitCode);
		const std::string config = readFile(tree.path() + "/etc/pocows/pocows.ini");
		CPPUNIT_ASSERT(config.find("\ndocroot = /usr/share/pocows/htdocs\n") != std::string::npos);
		CPPUNIT_ASSERT(config.find("\nchannels.file.path = /var/log/pocows/pocows.log\n") != std::string::npos);
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(InstallTest, "Install");


} // namespace pocows
