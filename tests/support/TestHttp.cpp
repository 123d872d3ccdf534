//
// TestHttp.cpp
//


#include "support/TestHttp.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/NumberParser.h"


namespace pocows {


std::string talk(Poco::UInt16 port, const std::string& request)
{
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
	socket.setReceiveTimeout(Poco::Timespan(10, 0));
	socket.sendBytes(request.data(), static_cast<int>(request.size()));
	std::string received;
	char buffer[8192];
	int n;
	while ((n = socket.receiveBytes(buffer, sizeof(buffer))) > 0) received.append(buffer, static_cast<std::size_t>(n));
	return received;
}


std::string httpGet(Poco::UInt16 port, const std::string& target, const std::string& extraHeaders)
{
	return talk(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n");
}


int statusOf(const std::string& response)
{
	int status = 0;
	if (response.size() < 12 || !Poco::NumberParser::tryParse(response.substr(9, 3), status)) return 0;
	return status;
}


} // namespace pocows
