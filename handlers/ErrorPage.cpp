//
// ErrorPage.cpp
//


#include "ErrorPage.h"


namespace pocows {


void ErrorPage::send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status, const std::string& detail)
{
	response.setStatusAndReason(status);
	response.setContentType("text/plain; charset=utf-8");
	// An error may leave part of the request (a body, a bad header) unread,
	// so the connection cannot safely carry another request.
	response.setKeepAlive(false);
	std::string body = std::to_string(static_cast<int>(status)) + " " + response.getReason() + "\n";
	if (!detail.empty()) body += detail + "\n";
	response.sendBuffer(body.data(), body.size());
}


bool ErrorPage::refuseUnlessGetOrHead(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	const std::string& method = request.getMethod();
	if (method == Poco::Net::HTTPRequest::HTTP_GET || method == Poco::Net::HTTPRequest::HTTP_HEAD) return false;
	response.set("Allow", "GET, HEAD");
	send(response, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
	return true;
}


} // namespace pocows
