//
// DirectoryListing.h
//
// A plain HTML page listing a folder, for files.listDirectories.
//


#ifndef Pocows_DirectoryListing_INCLUDED
#define Pocows_DirectoryListing_INCLUDED


#include <string>


namespace pocows {


class DirectoryListing
	/// Lists the entries of a folder as links, folders first, then files, each
	/// sorted by name. Names are HTML-escaped and their links percent-encoded,
	/// so no file name can inject markup. Dot files appear only if served.
{
public:
	static std::string render(const std::string& directory, const std::string& requestPath, bool showDotFiles);
		/// requestPath is the path the folder was requested by, ending in "/".

	static std::string escapeHtml(const std::string& text);
};


} // namespace pocows


#endif // Pocows_DirectoryListing_INCLUDED
