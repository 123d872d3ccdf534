//
// ErrorPage.cpp
//


#include "http/ErrorPage.h"


namespace pocows {


void ErrorPage::send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status, const std::string& detail)
{
	response.setStatusAndReason(status);
	response.setContentType("text/plain; charset=utf-8");
	// An error may leave part of the request (a body, a bad header) unread,
	// so the connection cannot safely carry another request. A sender of
	// Upgrade (as a 426 must be) names it in Connection too (RFC 9110 section 7.8).
	response.set(Poco::Net::HTTPMessage::CONNECTION, response.has("Upgrade") ? "Upgrade, close" : Poco::Net::HTTPMessage::CONNECTION_CLOSE);
	std::string body = std::to_string(static_cast<int>(status)) + " " + response.getReason() + "\n";
	if (!detail.empty()) body += detail + "\n";
	response.sendBuffer(body.data(), body.size());
	// POCO decides from the response whether to read another request on the
	// connection, and takes any Connection value but exactly "close" for
	// keep-alive: say "close" now that the headers have gone out.
	response.setKeepAlive(false);
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
