//
// ProcessSample.cpp
//


#include "ProcessSample.h"
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>


namespace pocows {


ProcessSample ProcessSample::of(int pid)
{
	ProcessSample sample;
	if (pid <= 0) return sample;
	std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
	std::string line;
	if (!std::getline(stat, line)) return sample;
	// Fields after the command name, which may itself hold spaces and parentheses.
	std::istringstream fields(line.substr(line.rfind(')') + 2));
	std::string field;
	unsigned long userTicks = 0;
	unsigned long systemTicks = 0;
	for (int index = 3; fields >> field; ++index)
	{
		if (index == 14) userTicks = std::stoul(field);
		if (index == 15) systemTicks = std::stoul(field);
		if (index == 20) sample.threads = std::stoi(field);
	}
	sample.cpuSeconds = static_cast<double>(userTicks + systemTicks)/static_cast<double>(sysconf(_SC_CLK_TCK));

	std::ifstream status("/proc/" + std::to_string(pid) + "/status");
	while (std::getline(status, line))
	{
		if (line.compare(0, 6, "VmRSS:") == 0) sample.residentKiB = std::stol(line.substr(6));
	}
	sample.valid = true;
	return sample;
}


} // namespace pocows
