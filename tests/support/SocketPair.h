//
// SocketPair.h
//
// Two ends of one TCP connection on the loopback interface, for unit tests of socket code.
//


#ifndef Pocows_SocketPair_INCLUDED
#define Pocows_SocketPair_INCLUDED


#include "Poco/Net/StreamSocket.h"
#include <string>


namespace pocows {


class SocketPair
	/// POCO has no socketpair(); this connects a client to a listening socket
	/// on 127.0.0.1 and an ephemeral port, and keeps both ends. Buffers can
	/// be made small, so that a test fills them with little data.
{
public:
	explicit SocketPair(int bufferSize = 0);
		/// With bufferSize > 0, the server end's send buffer and the client
		/// end's receive buffer are set to it (the kernel may round it).

	Poco::Net::StreamSocket& server();
		/// The end accepted from the listening socket: what the server holds.

	Poco::Net::StreamSocket& client();

private:
	Poco::Net::StreamSocket _server;
	Poco::Net::StreamSocket _client;
};


Poco::Net::StreamSocket socketFrom(const std::string& sourceAddress);
	/// An unconnected IPv4 socket bound to sourceAddress (any of 127/8) and
	/// an ephemeral port: connected, it is a client from that address.

bool nothingArrives(Poco::Net::StreamSocket& socket);
	/// Neither data nor the end of the stream is readable within a tenth of
	/// a second: how a test sees that something was held back.


inline Poco::Net::StreamSocket& SocketPair::server()
{
	return _server;
}


inline Poco::Net::StreamSocket& SocketPair::client()
{
	return _client;
}


} // namespace pocows


#endif // Pocows_SocketPair_INCLUDED
