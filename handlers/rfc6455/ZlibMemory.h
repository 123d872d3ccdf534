//
// ZlibMemory.h
//
// Where zlib's streams get their memory.
//


#ifndef Pocows_ZlibMemory_INCLUDED
#define Pocows_ZlibMemory_INCLUDED


#include <zlib.h>


namespace pocows {


class ZlibMemory
	/// Gives a zlib stream's state and windows pages of their own, mapped
	/// when the stream is made and unmapped when it ends, so that the memory
	/// goes back to the system with the stream.
	///
	/// With malloc's, it would not: a burst of messages compressed or
	/// inflated at once makes as many streams, the pool keeps a few and
	/// frees the rest, and those tens of kilobytes each stay resident in
	/// malloc's arenas among the sessions' own small blocks (measured: some
	/// 300 inflate streams, 1.5 KiB more for each of 10,000 idle sessions).
	/// Pool streams are made rarely, so a mapping for each allocation costs
	/// nothing that matters; a session's own streams (context takeover)
	/// keep malloc's, since thousands of them would each take several of
	/// the process's limited mappings (vm.max_map_count). mmap on Unix,
	/// VirtualAlloc on Windows.
{
public:
	static void use(z_stream& stream);
		/// Sets the stream's allocator; call before deflateInit2() or
		/// inflateInit2().

private:
	static voidpf allocate(voidpf opaque, uInt items, uInt size);
	static void release(voidpf opaque, voidpf address);
};


} // namespace pocows


#endif // Pocows_ZlibMemory_INCLUDED
