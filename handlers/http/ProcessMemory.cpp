//
// ProcessMemory.cpp
//


#include "http/ProcessMemory.h"
#include "Poco/Platform.h"
#if defined(POCO_OS_FAMILY_WINDOWS)
#include <windows.h>
#include <psapi.h>
#elif defined(__linux__)
#include <fstream>
#include <unistd.h>
#endif


namespace pocows {


std::uint64_t ProcessMemory::residentBytes()
{
#if defined(POCO_OS_FAMILY_WINDOWS)
	PROCESS_MEMORY_COUNTERS counters;
	// K32GetProcessMemoryInfo is kernel32's own, so no psapi library is needed.
	if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters))) return 0;
	return counters.WorkingSetSize;
#elif defined(__linux__)
	std::ifstream statm("/proc/self/statm");
	std::uint64_t sizePages = 0;
	std::uint64_t residentPages = 0;
	if (!(statm >> sizePages >> residentPages)) return 0;
	return residentPages*static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
#else
	return 0;
#endif
}


} // namespace pocows
