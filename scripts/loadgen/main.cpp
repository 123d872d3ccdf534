//
// main.cpp
//
// pocows-loadgen: the load generator of scripts/bench.
//


#include "FanOut.h"
#include "LoadGenerator.h"
#include "ZlibFloor.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <sys/resource.h>


namespace
{
	void usage()
	{
		std::fprintf(stderr,
			"usage: pocows-loadgen echo|idle|fanout --port=PORT [options]\n"
			"       pocows-loadgen zlib [--size=BYTES] [--level=L] [--takeover] [--seconds=S]\n"
			"  --host=ADDRESS       IPv4 address (127.0.0.1)\n"
			"  --connections=N      connections (16)\n"
			"  --size=BYTES         echo: message size (32)\n"
			"  --binary             echo: binary messages (default text)\n"
			"  --in-flight=K        echo: messages in flight per connection (1)\n"
			"  --deflate            echo: JSON telemetry, compressed with permessage-deflate\n"
			"  --seconds=S          echo: measuring time (5)\n"
			"  --rate=R             idle: sessions opened per second at most (1000)\n"
			"  --hold=S             idle: seconds to hold the sessions (1)\n"
			"  --server-pid=PID     report the server's CPU time and RSS from /proc\n"
			"fanout (subscribers and publishers in one room of a broadcast server):\n"
			"  --target=PATH        request target (/broadcast)\n"
			"  --protocol=NAME      subprotocol to offer (none)\n"
			"  --subscribers=N      subscribers (1000)\n"
			"  --publishers=P       publishers (4)\n"
			"  --rate=R             messages published per second, all together (100)\n"
			"  --size=BYTES         message size, at least 40 (64)\n"
			"  --seconds=S          time under load, the first fifth (at most 1 s) untimed (5)\n"
			"  --slow=K             subscribers that stop reading (0)\n"
			"  --slow-wait=S        seconds to wait, after the load, for them to be cut off (0)\n"
			"  --slow-soft-limit=B  the server's soft limit, to time the cut-off from (0)\n"
			"  --open-rate=R        connections opened per second at most (as fast as handshakes go)\n"
			"  --deflate            offer permessage-deflate (also idle: each session's one message goes compressed)\n"
			"zlib (no I/O: inflate and compress echo --deflate's messages, microseconds each):\n"
			"  --size=BYTES         message size (4096)\n"
			"  --level=L            the compressing side's zlib level (1)\n"
			"  --takeover           compress with context takeover\n"
			"  --seconds=S          time to run (2)\n");
	}

	void raiseOpenFileLimit()
	{
		rlimit limit;
		if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
		{
			limit.rlim_cur = limit.rlim_max;
			setrlimit(RLIMIT_NOFILE, &limit);
		}
	}

	template <typename Set>
	void readOptions(int argc, char** argv, Set set)
		/// Calls set(name, value) for every --name=value after the mode;
		/// set returns false for a name it does not know.
	{
		for (int i = 2; i < argc; ++i)
		{
			const std::string argument = argv[i];
			const std::size_t equals = argument.find('=');
			const std::string name = argument.substr(0, equals);
			const std::string value = equals == std::string::npos ? std::string() : argument.substr(equals + 1);
			if (!set(name, value)) throw std::invalid_argument("unknown option " + argument);
		}
	}

	template <typename Run>
	int guarded(Run run)
		/// run()'s exit status, or 2 with the usage for a bad option.
	{
		try
		{
			return run();
		}
		catch (std::exception& exc)
		{
			std::fprintf(stderr, "pocows-loadgen: %s\n", exc.what());
			usage();
			return 2;
		}
	}

	int fanOut(int argc, char** argv)
	{
		pocows::FanOut::Options options;
		readOptions(argc, argv, [&](const std::string& name, const std::string& value)
		{
			if (name == "--host") options.host = value;
			else if (name == "--port") options.port = std::stoi(value);
			else if (name == "--target") options.target = value;
			else if (name == "--protocol") options.protocol = value;
			else if (name == "--subscribers") options.subscribers = std::stoi(value);
			else if (name == "--publishers") options.publishers = std::stoi(value);
			else if (name == "--rate") options.rate = std::stod(value);
			else if (name == "--size") options.size = std::stoul(value);
			else if (name == "--seconds") options.seconds = std::stod(value);
			else if (name == "--slow") options.slow = std::stoi(value);
			else if (name == "--slow-wait") options.slowWait = std::stod(value);
			else if (name == "--slow-soft-limit") options.slowSoftLimit = std::stoul(value);
			else if (name == "--open-rate") options.openRate = std::stod(value);
			else if (name == "--deflate") options.deflate = true;
			else if (name == "--server-pid") options.serverPid = std::stoi(value);
			else return false;
			return true;
		});
		if (options.port <= 0 || options.subscribers <= 0 || options.publishers <= 0 || options.rate <= 0) throw std::invalid_argument("bad option value");
		raiseOpenFileLimit();
		pocows::FanOut fanOut(options);
		return fanOut.run();
	}

	int zlibFloor(int argc, char** argv)
	{
		pocows::ZlibFloor::Options options;
		readOptions(argc, argv, [&](const std::string& name, const std::string& value)
		{
			if (name == "--size") options.size = std::stoul(value);
			else if (name == "--level") options.level = std::stoi(value);
			else if (name == "--takeover") options.keepContext = true;
			else if (name == "--seconds") options.seconds = std::stod(value);
			else return false;
			return true;
		});
		if (options.size == 0 || options.level < 0 || options.level > 9 || options.seconds <= 0) throw std::invalid_argument("bad option value");
		pocows::ZlibFloor floor(options);
		return floor.run();
	}

	int echoOrIdle(int argc, char** argv)
	{
		pocows::LoadGenerator::Options options;
		readOptions(argc, argv, [&](const std::string& name, const std::string& value)
		{
			if (name == "--host") options.host = value;
			else if (name == "--port") options.port = std::stoi(value);
			else if (name == "--connections") options.connections = std::stoi(value);
			else if (name == "--size") options.size = std::stoul(value);
			else if (name == "--binary") options.binary = true;
			else if (name == "--deflate") options.deflate = true;
			else if (name == "--in-flight") options.inFlight = std::stoi(value);
			else if (name == "--seconds") options.seconds = std::stod(value);
			else if (name == "--rate") options.rate = std::stod(value);
			else if (name == "--hold") options.hold = std::stod(value);
			else if (name == "--server-pid") options.serverPid = std::stoi(value);
			else return false;
			return true;
		});
		if (options.port <= 0 || options.connections <= 0 || options.inFlight <= 0 || options.rate <= 0) throw std::invalid_argument("bad option value");
		raiseOpenFileLimit();
		pocows::LoadGenerator generator(options);
		return std::strcmp(argv[1], "echo") == 0 ? generator.echo() : generator.idle();
	}
}




int main(int argc, char** argv)
{
	const bool known = argc >= 2 && (std::strcmp(argv[1], "echo") == 0 || std::strcmp(argv[1], "idle") == 0
		|| std::strcmp(argv[1], "fanout") == 0 || std::strcmp(argv[1], "zlib") == 0);
	if (!known)
	{
		usage();
		return 2;
	}
	if (std::strcmp(argv[1], "fanout") == 0) return guarded([&] { return fanOut(argc, argv); });
	if (std::strcmp(argv[1], "zlib") == 0) return guarded([&] { return zlibFloor(argc, argv); });
	return guarded([&] { return echoOrIdle(argc, argv); });
}
