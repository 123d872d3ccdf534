//
// StaticFileHandler.cpp
//


#include "StaticFileHandler.h"
#include "ErrorPage.h"
#include "MimeTypes.h"
#include "Poco/Exception.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"


using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace pocows {


StaticFileHandler::StaticFileHandler(const PathResolver& resolver):
	_resolver(resolver)
{
}


void StaticFileHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	const std::string& method = request.getMethod();
	if (method != HTTPRequest::HTTP_GET && method != HTTPRequest::HTTP_HEAD)
	{
		response.set("Allow", "GET, HEAD");
		return ErrorPage::send(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
	}
	// The body of a GET is never read, so it must not be mistaken for the next request.
	if (request.hasContentLength() || request.getChunkedTransferEncoding()) response.setKeepAlive(false);

	const PathResolver::Resolution resolution = _resolver.resolve(request.getURI());
	switch (resolution.kind)
	{
	case PathResolver::Resolution::BAD_REQUEST:
		return ErrorPage::send(response, HTTPResponse::HTTP_BAD_REQUEST, "Malformed request path.");
	case PathResolver::Resolution::NOT_FOUND:
		return ErrorPage::send(response, HTTPResponse::HTTP_NOT_FOUND);
	case PathResolver::Resolution::REDIRECT:
		response.set("Location", resolution.path);
		return ErrorPage::send(response, HTTPResponse::HTTP_MOVED_PERMANENTLY);
	case PathResolver::Resolution::FILE:
		break;
	}
	try
	{
		response.sendFile(resolution.path, MimeTypes::forPath(resolution.path));
	}
	catch (Poco::FileException&)
	{
		// Removed or made unreadable since it was resolved.
		if (!response.sent()) ErrorPage::send(response, HTTPResponse::HTTP_NOT_FOUND);
	}
}


} // namespace pocows
