//
// TimedServerSocket.h
//
// The listening socket: every connection it accepts has a TimedStreamSocketImpl.
//


#ifndef Pocows_TimedServerSocket_INCLUDED
#define Pocows_TimedServerSocket_INCLUDED


#include "http/ServerMetrics.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Timespan.h"


namespace pocows {


class TimedServerSocket: public Poco::Net::ServerSocket
	/// A ServerSocket whose accepted connections bound the time to receive a
	/// request (see TimedStreamSocketImpl) and the time any send may block.
{
public:
	TimedServerSocket(const Poco::Net::SocketAddress& address, int backlog, const Poco::Timespan& requestTimeout, const Poco::Timespan& sendTimeout, ServerMetrics& metrics);
		/// Binds (reusing the address) and listens.
};


} // namespace pocows


#endif // Pocows_TimedServerSocket_INCLUDED
