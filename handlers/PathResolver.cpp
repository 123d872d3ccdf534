//
// PathResolver.cpp
//


#include "PathResolver.h"
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
}


PathResolver::PathResolver(const StaticFileSettings& settings):
	_followSymlinks(settings.followSymlinks),
	_serveDotFiles(settings.serveDotFiles)
{
	std::error_code error;
	_docroot = fs::canonical(settings.docroot, error);
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
		const fs::path segmentPath(segment);
		if (segmentPath.has_root_name() || segmentPath.has_root_directory())
			return {Resolution::BAD_REQUEST, ""};
		if (segment[0] == '.' && !_serveDotFiles)
			return {Resolution::NOT_FOUND, ""};
		path /= segmentPath;
		canonicalTarget += '/';
		Poco::URI::encode(segment, RESERVED_IN_SEGMENT, canonicalTarget);
	}

	std::error_code error;
	const fs::path real = fs::canonical(path, error);
	if (error || !contains(real)) return {Resolution::NOT_FOUND, ""};
	if (!fs::is_directory(real))
	{
		if (rawPath.back() == '/') return {Resolution::NOT_FOUND, ""};
		return resolveExisting(real);
	}
	// The Location is rebuilt from the decoded segments, so that it is always
	// a path on this server (never "//host", which a browser reads as another site).
	if (rawPath.back() != '/') return {Resolution::REDIRECT, canonicalTarget + "/" + query};
	const fs::path index = fs::canonical(real / INDEX_FILE, error);
	if (error) return {Resolution::DIRECTORY, real.string()};
	if (!contains(index)) return {Resolution::NOT_FOUND, ""};
	return resolveExisting(index);
}


PathResolver::Resolution PathResolver::resolveExisting(const fs::path& path) const
{
	std::error_code error;
	if (!fs::is_regular_file(path, error)) return {Resolution::NOT_FOUND, ""};
	return {Resolution::FILE, path.string()};
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
