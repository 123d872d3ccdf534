//
// PathResolver.cpp
//


#include "files/PathResolver.h"
#include "Poco/Exception.h"
#include "Poco/StringTokenizer.h"
#include "Poco/URI.h"
#include <vector>


namespace fs = std::filesystem;


namespace pocows {


namespace
{
	const std::string INDEX_FILE("index.html");

	// Characters that stay percent-encoded when a segment is put back into a URL.
	const std::string RESERVED_IN_SEGMENT("/?#%;");

	bool isAlias(const std::string& segment)
		/// True for a name that Windows maps to another file than the one it
		/// spells: "name." and "name " (Windows drops the trailing dot or space),
		/// "NAME~1" (the 8.3 short name, perhaps of a dot file) and names with
		/// a colon (a drive, or a stream: "index.html::$DATA" is index.html).
		/// Elsewhere these are ordinary names.
	{
#if defined(_WIN32)
		if (segment.back() == '.' || segment.back() == ' ' || segment.find(':') != std::string::npos) return true;
		for (std::size_t tilde = segment.find('~'); tilde != std::string::npos; tilde = segment.find('~', tilde + 1))
		{
			if (tilde + 1 < segment.size() && segment[tilde + 1] >= '0' && segment[tilde + 1] <= '9') return true;
		}
#else
		(void) segment;
#endif
		return false;
	}
}


PathResolver::PathResolver(const StaticFileSettings& settings):
	_followSymlinks(settings.followSymlinks),
	_serveDotFiles(settings.serveDotFiles)
{
	std::error_code error;
	// POCO's paths are UTF-8; std::filesystem's narrow strings are UTF-8 on
	// Linux but the ANSI code page on Windows, hence u8path and u8string.
	_docroot = fs::canonical(fs::u8path(settings.docroot), error);
	if (error || !fs::is_directory(_docroot)) throw Poco::FileNotFoundException("document root is not a directory", settings.docroot);
}


PathResolver::Resolution PathResolver::resolve(const std::string& target) const
{
	if (target.empty() || target[0] != '/') return {Resolution::BAD_REQUEST, ""};
	const std::size_t queryStart = target.find_first_of("?#");
	const std::string rawPath = target.substr(0, queryStart);
	const std::string query = queryStart == std::string::npos ? std::string() : target.substr(queryStart);

	fs::path path = _docroot;
	std::string canonicalTarget;
	Poco::StringTokenizer segments(rawPath, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const std::string& rawSegment: segments)
	{
		std::string segment;
		try
		{
			Poco::URI::decode(rawSegment, segment);
		}
		catch (Poco::SyntaxException&)
		{
			return {Resolution::BAD_REQUEST, ""};
		}
		if (segment == "." || segment == ".." || segment.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
			return {Resolution::BAD_REQUEST, ""};
		const fs::path segmentPath = fs::u8path(segment);
		if (segmentPath.has_root_name() || segmentPath.has_root_directory())
			return {Resolution::BAD_REQUEST, ""};
		if ((segment[0] == '.' && !_serveDotFiles) || isAlias(segment))
			return {Resolution::NOT_FOUND, ""};
		path /= segmentPath;
		canonicalTarget += '/';
		Poco::URI::encode(segment, RESERVED_IN_SEGMENT, canonicalTarget);
	}

	fs::path real;
	fs::file_status status;
	if (!locate(path, real, status)) return {Resolution::NOT_FOUND, ""};
	if (!fs::is_directory(status))
	{
		if (rawPath.back() == '/') return {Resolution::NOT_FOUND, ""};
		return fileAt(real, status);
	}
	// The Location is rebuilt from the decoded segments, so that it is always
	// a path on this server (never "//host", which a browser reads as another site).
	if (rawPath.back() != '/') return {Resolution::REDIRECT, canonicalTarget + "/" + query};
	fs::path index;
	if (!locate(real / INDEX_FILE, index, status)) return {Resolution::DIRECTORY, real.u8string()};
	return fileAt(index, status);
}


bool PathResolver::locate(const fs::path& path, fs::path& real, fs::file_status& status) const
{
	// The docroot was resolved at start and the request path has no ".."
	// segments, so only a symbolic link can lead out. Checking each part
	// with lstat() costs one call per segment; the full resolution, one or
	// more per component of the whole path, is needed only when a link is met.
	std::error_code error;
	fs::path current = _docroot;
	const fs::path relative = path.lexically_relative(_docroot);
	if (relative == ".") status = fs::status(_docroot, error);
	for (const fs::path& part: relative)
	{
		if (part == ".") continue;
		current /= part;
		status = fs::symlink_status(current, error);
		if (error) return false;
		if (fs::is_symlink(status))
		{
			real = fs::canonical(path, error);
			if (error || !contains(real)) return false;
			status = fs::status(real, error);
			return !error;
		}
	}
	real = current;
	return !error;
}


PathResolver::Resolution PathResolver::fileAt(const fs::path& path, const fs::file_status& status) const
{
	if (!fs::is_regular_file(status)) return {Resolution::NOT_FOUND, ""};
	return {Resolution::FILE, path.u8string()};
}


bool PathResolver::contains(const fs::path& path) const
{
	// The request path itself never climbs out (no ".." segments); only a
	// link can lead out, and followSymlinks allows that.
	if (_followSymlinks) return true;
	auto rootEnd = _docroot.end();
	auto it = path.begin();
	for (auto root = _docroot.begin(); root != rootEnd; ++root, ++it)
	{
		if (it == path.end() || *it != *root) return false;
	}
	return true;
}


} // namespace pocows
