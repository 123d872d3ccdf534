//
// ZlibFloor.h
//
// What zlib alone costs per message of the compression benchmark.
//


#ifndef Pocows_ZlibFloor_INCLUDED
#define Pocows_ZlibFloor_INCLUDED


#include <cstddef>


namespace pocows {


class ZlibFloor
	/// Times, on this thread and without any I/O, the work an echo server
	/// with permessage-deflate cannot avoid for each message of the
	/// telemetry corpus: inflating what the client sent and compressing the
	/// reply, with pocows' own MessageInflater and MessageDeflater (raw
	/// deflate, 15-bit window, memLevel 8). Whatever a server spends per
	/// message beyond this goes to system calls, wake-ups and framing.
{
public:
	struct Options
	{
		std::size_t size = 4096;   ///< message size
		int level = 1;             ///< the server's zlib level
		bool keepContext = false;  ///< compress with context takeover
		double seconds = 2;
	};

	explicit ZlibFloor(const Options& options);

	int run();
		/// Prints microseconds per message for inflating, compressing and
		/// both, and the compressed bytes per plain byte; returns 0.

private:
	Options _options;
};


} // namespace pocows


#endif // Pocows_ZlibFloor_INCLUDED
