//
// ZlibMemory.cpp
//


#include "rfc6455/ZlibMemory.h"
#include "Poco/Platform.h"
#if defined(POCO_OS_FAMILY_UNIX)
#include <cstddef>
#include <sys/mman.h>
#elif defined(POCO_OS_FAMILY_WINDOWS)
#include "Poco/UnWindows.h"
#endif


namespace pocows {


void ZlibMemory::use(z_stream& stream)
{
	stream.zalloc = &ZlibMemory::allocate;
	stream.zfree = &ZlibMemory::release;
	stream.opaque = Z_NULL;
}


#if defined(POCO_OS_FAMILY_UNIX)


namespace
{
	// The mapping's length is kept in front of the block, which stays
	// aligned for anything zlib puts there.
	const std::size_t HEADER = alignof(std::max_align_t);
}


voidpf ZlibMemory::allocate(voidpf, uInt items, uInt size)
{
	const std::size_t length = HEADER + static_cast<std::size_t>(items)*size;
	void* mapped = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mapped == MAP_FAILED) return Z_NULL;  // zlib reports Z_MEM_ERROR
	*static_cast<std::size_t*>(mapped) = length;
	return static_cast<char*>(mapped) + HEADER;
}


void ZlibMemory::release(voidpf, voidpf address)
{
	char* mapped = static_cast<char*>(address) - HEADER;
	::munmap(mapped, *reinterpret_cast<std::size_t*>(mapped));
}


#elif defined(POCO_OS_FAMILY_WINDOWS)


voidpf ZlibMemory::allocate(voidpf, uInt items, uInt size)
{
	// Committed pages read as zeros, as mmap's do.
	return ::VirtualAlloc(nullptr, static_cast<SIZE_T>(items)*size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}


void ZlibMemory::release(voidpf, voidpf address)
{
	::VirtualFree(address, 0, MEM_RELEASE);
}


#endif


} // namespace pocows
