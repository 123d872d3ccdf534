//
// SocketPair.cpp
//


#include "support/SocketPair.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"


namespace pocows {


SocketPair::SocketPair(int bufferSize):
	_client(Poco::Net::SocketAddress::IPv4)
{
	Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
	// Set before the connection exists, so that the window it opens with is the small one.
	if (bufferSize > 0) _client.setReceiveBufferSize(bufferSize);
	_client.connect(listener.address(), Poco::Timespan(5, 0));
	_server = listener.acceptConnection();
	if (bufferSize > 0) _server.setSendBufferSize(bufferSize);
	_client.setReceiveTimeout(Poco::Timespan(5, 0));
}


Poco::Net::StreamSocket socketFrom(const std::string& sourceAddress)
{
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
	socket.impl()->bind(Poco::Net::SocketAddress(sourceAddress, 0));
	return socket;
}


bool nothingArrives(Poco::Net::StreamSocket& socket)
{
	return !socket.poll(Poco::Timespan(0, 100*1000), Poco::Net::Socket::SELECT_READ);
}


} // namespace pocows
