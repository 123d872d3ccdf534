//
// TestHttp.h
//
// Plain HTTP/1.1 over a fresh loopback connection, byte for byte as the test writes it.
//


#ifndef Pocows_TestHttp_INCLUDED
#define Pocows_TestHttp_INCLUDED


#include "Poco/Types.h"
#include <string>


namespace pocows {


std::string talk(Poco::UInt16 port, const std::string& request);
	/// Sends request as is to 127.0.0.1:port and returns everything the
	/// server sends until it closes the connection.

std::string httpGet(Poco::UInt16 port, const std::string& target, const std::string& extraHeaders = std::string());
	/// One GET with "Connection: close"; the whole response.

int statusOf(const std::string& response);
	/// The status code of a raw response, or 0.


} // namespace pocows


#endif // Pocows_TestHttp_INCLUDED
