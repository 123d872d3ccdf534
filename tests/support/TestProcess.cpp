//
// TestProcess.cpp
//


#include "support/TestProcess.h"
#include "Poco/Exception.h"
#include "Poco/NumberParser.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <csignal>
#include <fstream>
#include <sstream>


namespace pocows {


namespace
{
	const long POLL_MILLISECONDS = 10;
}


bool waitFor(const std::function<bool()>& condition, const Poco::Timespan& limit)
{
	const Poco::Timestamp start;
	while (!condition())
	{
		if (start.isElapsed(limit.totalMicroseconds())) return false;
		Poco::Thread::sleep(POLL_MILLISECONDS);
	}
	return true;
}


std::string readFile(const std::string& path)
{
	std::ifstream in(path);
	std::stringstream content;
	content << in.rdbuf();
	return content.str();
}


bool processGone(int pid)
{
	if (::kill(pid, 0) != 0) return true;
	const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
	const std::size_t close = stat.rfind(')');
	return close != std::string::npos && stat.size() > close + 2 && stat[close + 2] == 'Z';
}


bool findListeningPort(const std::string& log, const std::string& address, Poco::UInt16& port)
{
	const std::string marker = "listening on " + address + ":";
	const std::size_t pos = log.find(marker);
	if (pos == std::string::npos) return false;
	const std::size_t start = pos + marker.size();
	port = static_cast<Poco::UInt16>(Poco::NumberParser::parse(log.substr(start, log.find(';', start) - start)));
	return true;
}


TestProcess::TestProcess(const TestDocroot& files, const std::string& extraConfig, const Poco::Process::Args& extraArgs):
	_files(files),
	_port(0),
	_exited(false)
{
	files.write("pocows.ini",
		"[server]\naddress = 127.0.0.1\nport = 0\ndocroot = htdocs\n"
		"[logging]\nloggers.root.level = information\nloggers.root.channel = file\n"
		"channels.file.class = FileChannel\nchannels.file.path = pocows.log\n" + extraConfig);
	Poco::Process::Args args = {"--config=" + files.path("pocows.ini")};
	args.insert(args.end(), extraArgs.begin(), extraArgs.end());
	_handle = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(POCOWS_BINARY, args, files.path("")));
	if (!waitFor([this] { return findListeningPort(log(), "127.0.0.1", _port) || !Poco::Process::isRunning(*_handle); }) || _port == 0)
		throw Poco::IllegalStateException("pocows did not start; its log:\n" + log());
}


TestProcess::~TestProcess()
{
	if (_exited) return;
	try
	{
		Poco::Process::kill(*_handle);
		_handle->wait();
	}
	catch (Poco::Exception&)
	{
	}
}


Poco::UInt16 TestProcess::port() const
{
	return _port;
}


int TestProcess::pid() const
{
	return _handle->id();
}


void TestProcess::signal(int number)
{
	::kill(_handle->id(), number);
}


bool TestProcess::waitForExit(int& exitCode, const Poco::Timespan& limit)
{
	int code = -1;
	if (!waitFor([&] { code = _handle->tryWait(); return code != -1; }, limit)) return false;
	exitCode = code;
	_exited = true;
	return true;
}


std::string TestProcess::log() const
{
	return readFile(_files.path("pocows.log"));
}


bool TestProcess::waitForLog(const std::string& text)
{
	return waitFor([&] { return log().find(text) != std::string::npos; });
}


} // namespace pocows
