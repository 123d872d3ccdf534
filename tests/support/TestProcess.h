//
// TestProcess.h
//
// The built pocows binary run as a child process over a TestDocroot, and waiting on what other processes do.
//


#ifndef Pocows_TestProcess_INCLUDED
#define Pocows_TestProcess_INCLUDED


#include "support/TestDocroot.h"
#include "Poco/Process.h"
#include "Poco/Timespan.h"
#include <functional>
#include <memory>
#include <string>


namespace pocows {


bool waitFor(const std::function<bool()>& condition, const Poco::Timespan& limit = Poco::Timespan(15, 0));
	/// Polls a condition that another process brings about, up to limit.

std::string readFile(const std::string& path);

bool processGone(int pid);
	/// True once pid has ended (a zombie counts as ended).

bool findListeningPort(const std::string& log, const std::string& address, Poco::UInt16& port);
	/// Reads the port from pocows' "listening on ADDRESS:PORT;" log line.


class TestProcess
	/// pocows in the foreground on 127.0.0.1 and a free port, logging to
	/// pocows.log beside its configuration; killed if still running when
	/// destroyed.
{
public:
	TestProcess(const TestDocroot& files, const std::string& extraConfig = std::string(), const Poco::Process::Args& extraArgs = {});
		/// Writes pocows.ini (extraConfig is appended to it), starts pocows
		/// and waits until it listens.

	~TestProcess();

	Poco::UInt16 port() const;

	int pid() const;

	void signal(int number);

	bool waitForExit(int& exitCode, const Poco::Timespan& limit = Poco::Timespan(15, 0));

	std::string log() const;

	bool waitForLog(const std::string& text);

private:
	const TestDocroot& _files;
	std::unique_ptr<Poco::ProcessHandle> _handle;
	Poco::UInt16 _port;
	bool _exited;
};


} // namespace pocows


#endif // Pocows_TestProcess_INCLUDED
