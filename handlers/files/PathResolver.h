//
// PathResolver.h
//
// Maps a request target to a file under the document root, and nowhere else.
//


#ifndef Pocows_PathResolver_INCLUDED
#define Pocows_PathResolver_INCLUDED


#include "files/StaticFileSettings.h"
#include <filesystem>
#include <string>


namespace pocows {


class PathResolver
	/// Turns the target of a request into a file under the document root.
	///
	/// Each path segment is percent-decoded once, strictly: a bad escape, a
	/// NUL, a slash or backslash inside a segment, and "." or ".." segments
	/// make the request malformed. Names starting with a dot are not served
	/// (unless serveDotFiles). The file's real path, with every symbolic link
	/// resolved, must lie under the real path of the document root (unless
	/// followSymlinks).
{
public:
	struct Resolution
	{
		enum Kind
		{
			FILE,         ///< path is the file to send
			DIRECTORY,    ///< a directory without index.html; path is the directory
			REDIRECT,     ///< a directory named without its trailing slash; path is the Location
			BAD_REQUEST,
			NOT_FOUND
		};

		Kind kind;
		std::string path;
	};

	explicit PathResolver(const StaticFileSettings& settings);
		/// Throws Poco::FileNotFoundException if the docroot is not a directory.

	Resolution resolve(const std::string& target) const;

private:
	bool locate(const std::filesystem::path& path, std::filesystem::path& real, std::filesystem::file_status& status) const;
		/// Finds path, lexically under the docroot, on disk: false if it is
		/// missing or a link leads it out of the docroot (unless allowed).
	bool contains(const std::filesystem::path& path) const;
	Resolution fileAt(const std::filesystem::path& path, const std::filesystem::file_status& status) const;

	std::filesystem::path _docroot;
	const bool _followSymlinks;
	const bool _serveDotFiles;
};


} // namespace pocows


#endif // Pocows_PathResolver_INCLUDED
