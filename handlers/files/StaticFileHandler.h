//
// StaticFileHandler.h
//
// Serves the files under the document root.
//


#ifndef Pocows_StaticFileHandler_INCLUDED
#define Pocows_StaticFileHandler_INCLUDED


#include "files/FileBody.h"
#include "files/StaticFileService.h"
#include "Poco/Net/HTTPRequestHandler.h"


namespace pocows {


class StaticFileHandler: public Poco::Net::HTTPRequestHandler
	/// GET and HEAD of files under the document root, as a web server does:
	/// index.html for a folder (or a listing, if enabled), a redirect for a
	/// folder named without its slash; ETag and Last-Modified with
	/// conditional requests (304, 412); single byte ranges (206, 416);
	/// Content-Type by extension; a configurable Cache-Control; optionally a
	/// precompressed file.br or file.gz. 404 for anything missing or outside,
	/// 400 for a malformed path, 405 for other methods.
{
public:
	explicit StaticFileHandler(StaticFileService& service);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

	static std::string entityTag(const FileBody& body, const std::string& encoding);
		/// A strong entity tag from the file's size and modification time (to
		/// the microsecond), and the content coding of a precompressed variant.

private:
	void sendFile(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& path);
	void sendResponse(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerResponse& response, FileBody& body, Poco::UInt64 offset, Poco::UInt64 length);
	void sendListing(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& directory);
	std::string precompressedVariant(const Poco::Net::HTTPServerRequest& request, const std::string& path, std::string& encoding) const;

	StaticFileService& _service;
	const StaticFileSettings& _settings;
};


} // namespace pocows


#endif // Pocows_StaticFileHandler_INCLUDED
