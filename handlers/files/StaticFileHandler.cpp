//
// StaticFileHandler.cpp
//


#include "files/StaticFileHandler.h"
#include "http/SocketFlags.h"
#include "files/DirectoryListing.h"
#include "http/ErrorPage.h"
#include "files/Preconditions.h"
#include "files/RangeRequest.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Exception.h"
#include "Poco/NumberFormatter.h"
#include "Poco/NumberParser.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/MessageHeader.h"
#include "Poco/Net/NameValueCollection.h"
#include "Poco/String.h"
#include <filesystem>
#include <sstream>
#include <vector>


using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace pocows {


namespace
{
	struct Coding
	{
		const char* token;      // in Accept-Encoding and Content-Encoding
		const char* extension;  // of the precompressed file
	};

	// A body up to this size leaves in the same write as its headers: for
	// small files the number of system calls, not copying, is what costs.
	const Poco::UInt64 SINGLE_WRITE_LIMIT = 16*1024;

	// Preferred first: brotli compresses text better than gzip.
	const Coding PRECOMPRESSED[] = {{"br", ".br"}, {"gzip", ".gz"}};

	bool accepts(const std::string& acceptEncoding, const std::string& coding)
		/// Whether the client accepts coding, with a quality above zero.
	{
		std::vector<std::string> entries;
		Poco::Net::MessageHeader::splitElements(acceptEncoding, entries);
		for (const std::string& entry: entries)
		{
			std::string name;
			Poco::Net::NameValueCollection parameters;
			Poco::Net::MessageHeader::splitParameters(entry, name, parameters);
			if (Poco::icompare(name, coding) != 0) continue;
			double quality = 1;
			if (parameters.has("q") && Poco::NumberParser::tryParseFloat(parameters.get("q"), quality)) return quality > 0;
			return true;
		}
		return false;
	}
}


StaticFileHandler::StaticFileHandler(StaticFileService& service):
	_service(service),
	_settings(service.settings())
{
}


void StaticFileHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	if (ErrorPage::refuseUnlessGetOrHead(request, response)) return;
	// The body of a GET is never read, so it must not be mistaken for the next request.
	if (request.hasContentLength() || request.getChunkedTransferEncoding()) response.setKeepAlive(false);

	const PathResolver::Resolution resolution = _service.resolver().resolve(request.getURI());
	switch (resolution.kind)
	{
	case PathResolver::Resolution::BAD_REQUEST:
		return ErrorPage::send(response, HTTPResponse::HTTP_BAD_REQUEST, "Malformed request path.");
	case PathResolver::Resolution::NOT_FOUND:
		return ErrorPage::send(response, HTTPResponse::HTTP_NOT_FOUND);
	case PathResolver::Resolution::REDIRECT:
		response.set("Location", resolution.path);
		return ErrorPage::send(response, HTTPResponse::HTTP_MOVED_PERMANENTLY);
	case PathResolver::Resolution::DIRECTORY:
		if (!_settings.listDirectories) return ErrorPage::send(response, HTTPResponse::HTTP_NOT_FOUND);
		return sendListing(request, response, resolution.path);
	case PathResolver::Resolution::FILE:
		break;
	}
	try
	{
		sendFile(request, response, resolution.path);
	}
	catch (Poco::FileException&)
	{
		// Removed or made unreadable since it was resolved.
		if (!response.sent()) ErrorPage::send(response, HTTPResponse::HTTP_NOT_FOUND);
	}
}


void StaticFileHandler::sendFile(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& path)
{
	std::string encoding;
	FileBody body(precompressedVariant(request, path, encoding), _service.cache());
	const std::string etag = entityTag(body, encoding);
	response.set("ETag", etag);
	response.set("Last-Modified", Poco::DateTimeFormatter::format(body.lastModified(), Poco::DateTimeFormat::HTTP_FORMAT));
	response.set("Accept-Ranges", "bytes");
	if (!_settings.cacheControl.empty()) response.set("Cache-Control", _settings.cacheControl);
	if (_settings.precompressed) response.set("Vary", "Accept-Encoding");
	if (!encoding.empty()) response.set("Content-Encoding", encoding);

	const Preconditions preconditions(request, etag, body.lastModified());
	switch (preconditions.evaluate())
	{
	case Preconditions::PRECONDITION_FAILED:
		return ErrorPage::send(response, HTTPResponse::HTTP_PRECONDITION_FAILED);
	case Preconditions::NOT_MODIFIED:
		response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
		response.send().flush();
		return;
	case Preconditions::PROCEED:
		break;
	}

	Poco::UInt64 offset = 0;
	Poco::UInt64 length = body.size();
	if (request.has("Range") && preconditions.rangeApplies())
	{
		const RangeRequest range(request.get("Range"), body.size());
		if (range.kind() == RangeRequest::UNSATISFIABLE)
		{
			response.set("Content-Range", range.contentRange());
			return ErrorPage::send(response, HTTPResponse::HTTP_REQUESTED_RANGE_NOT_SATISFIABLE);
		}
		if (range.kind() == RangeRequest::PARTIAL)
		{
			response.setStatusAndReason(HTTPResponse::HTTP_PARTIAL_CONTENT);
			response.set("Content-Range", range.contentRange());
			offset = range.first();
			length = range.length();
		}
	}
	response.setContentType(_service.mimeTypes().forPath(path));
	response.setContentLength64(static_cast<Poco::Int64>(length));
	sendResponse(dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket(), response, body, offset, request.getMethod() == HTTPRequest::HTTP_HEAD ? 0 : length);
}


void StaticFileHandler::sendResponse(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerResponse& response, FileBody& body, Poco::UInt64 offset, Poco::UInt64 length)
{
	// Written here rather than through response.send(), whose stream would
	// send the headers in a write of their own.
	std::ostringstream headers;
	response.write(headers);
	std::string message = headers.str();
	if (length <= SINGLE_WRITE_LIMIT)
	{
		body.appendTo(message, offset, static_cast<std::size_t>(length));
		// POCO's sendBytes() sends all of it on a blocking socket, in as many
		// calls as it takes, each within the send timeout.
		socket.sendBytes(message.data(), static_cast<int>(message.size()));
		return;
	}
	// The body follows at once (by sendfile), so the headers share a segment
	// with it, as nginx's tcp_nopush does.
	socket.sendBytes(message.data(), static_cast<int>(message.size()), SocketFlags::MORE_FOLLOWS);
	body.sendTo(socket, offset, length);
}


void StaticFileHandler::sendListing(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& directory)
{
	const std::string target = request.getURI();
	const std::string page = DirectoryListing::render(directory, target.substr(0, target.find_first_of("?#")), _settings.serveDotFiles);
	response.setContentType("text/html; charset=utf-8");
	response.set("Cache-Control", "no-cache");
	response.sendBuffer(page.data(), page.size());
}


std::string StaticFileHandler::precompressedVariant(const Poco::Net::HTTPServerRequest& request, const std::string& path, std::string& encoding) const
{
	if (!_settings.precompressed || !request.has("Accept-Encoding")) return path;
	const std::string& acceptEncoding = request.get("Accept-Encoding");
	for (const Coding& coding: PRECOMPRESSED)
	{
		if (!accepts(acceptEncoding, coding.token)) continue;
		// Only a plain file beside the original: a link could lead out of the docroot.
		const std::string variant = path + coding.extension;
		std::error_code error;
		if (std::filesystem::is_regular_file(std::filesystem::symlink_status(std::filesystem::u8path(variant), error)))
		{
			encoding = coding.token;
			return variant;
		}
	}
	return path;
}


std::string StaticFileHandler::entityTag(const FileBody& body, const std::string& encoding)
{
	std::string tag = "\"" + Poco::NumberFormatter::formatHex(body.size()) + "-" + Poco::NumberFormatter::formatHex(static_cast<Poco::UInt64>(body.lastModified().epochMicroseconds()));
	if (!encoding.empty()) tag += "-" + encoding;
	return tag + "\"";
}


} // namespace pocows
