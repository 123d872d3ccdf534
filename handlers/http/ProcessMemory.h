//
// ProcessMemory.h
//
// The server process' resident memory, as the system reports it.
//


#ifndef Pocows_ProcessMemory_INCLUDED
#define Pocows_ProcessMemory_INCLUDED


#include <cstdint>


namespace pocows {


class ProcessMemory
	/// POCO 1.11 has no way to ask for it: on Linux it is read from
	/// /proc/self/statm, on Windows from GetProcessMemoryInfo().
{
public:
	static std::uint64_t residentBytes();
		/// The process' resident set size, or 0 where the system does not tell.
};


} // namespace pocows


#endif // Pocows_ProcessMemory_INCLUDED
