//
// StaticFileHandler.h
//
// Serves the files under the document root.
//


#ifndef Pocows_StaticFileHandler_INCLUDED
#define Pocows_StaticFileHandler_INCLUDED


#include "PathResolver.h"
#include "Poco/Net/HTTPRequestHandler.h"


namespace pocows {


class StaticFileHandler: public Poco::Net::HTTPRequestHandler
	/// GET and HEAD of files under the document root: index.html for a
	/// directory, a redirect for a directory named without its slash, 404 for
	/// anything missing or outside, 400 for a malformed path, 405 for other methods.
{
public:
	explicit StaticFileHandler(const PathResolver& resolver);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
	const PathResolver& _resolver;
};


} // namespace pocows


#endif // Pocows_StaticFileHandler_INCLUDED
