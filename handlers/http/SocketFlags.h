//
// SocketFlags.h
//
// The send and receive flags pocows uses, where the system has them.
//


#ifndef Pocows_SocketFlags_INCLUDED
#define Pocows_SocketFlags_INCLUDED


#include "Poco/Net/SocketDefs.h"


namespace pocows {
namespace SocketFlags {


#if defined(MSG_DONTWAIT)
const int DONT_WAIT = MSG_DONTWAIT;
	///< one call that never blocks, on a blocking socket
#else
const int DONT_WAIT = 0;
	///< Windows has no such flag per call: callers poll first where it matters
#endif

#if defined(MSG_MORE)
const int MORE_FOLLOWS = MSG_MORE;
	///< more follows at once, so the kernel may hold a short write back to fill a segment
#else
const int MORE_FOLLOWS = 0;
#endif

const bool HAS_DONT_WAIT = DONT_WAIT != 0;


} } // namespace pocows::SocketFlags


#endif // Pocows_SocketFlags_INCLUDED
