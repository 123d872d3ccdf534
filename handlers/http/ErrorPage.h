//
// ErrorPage.h
//
// The small plain-text body every error status is sent with.
//


#ifndef Pocows_ErrorPage_INCLUDED
#define Pocows_ErrorPage_INCLUDED


#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include <string>


namespace pocows {


class ErrorPage
	/// Error answers are plain text, so nothing a client put in the request
	/// can turn into markup, and they never name a file system path.
{
public:
	static void send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status, const std::string& detail = std::string());
		/// Sends the status with a body of the form "404 Not Found" plus an
		/// optional line of detail, and closes the connection after it.
		/// Headers already set on the response stay.

	static bool refuseUnlessGetOrHead(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
		/// For a resource that is only read: answers any other method with 405
		/// and "Allow: GET, HEAD", and returns true if it did.
};


} // namespace pocows


#endif // Pocows_ErrorPage_INCLUDED
