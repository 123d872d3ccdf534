//
// DeflateSettings.h
//
// What the server's permessage-deflate (RFC 7692) can be told, as plain values.
//


#ifndef Pocows_DeflateSettings_INCLUDED
#define Pocows_DeflateSettings_INCLUDED


#include <cstddef>


namespace pocows {


struct DeflateSettings
{
	bool enabled = true;
		///< accept permessage-deflate when a client offers it
	bool contextTakeover = false;
		///< keep each session's compression context from message to message: fewer bytes, a zlib stream per session
	int windowBits = 15;
		///< the largest LZ77 window the server compresses with (9 to 15); with contextTakeover, also the one it asks of clients
	int memLevel = 8;
		///< zlib's memLevel (1 to 9) for the server's compressors: memory against speed and ratio
	int level = 1;
		///< zlib's compression level (1 to 9)
	std::size_t threshold = 128;
		///< messages shorter than this many bytes are sent uncompressed
};


} // namespace pocows


#endif // Pocows_DeflateSettings_INCLUDED
