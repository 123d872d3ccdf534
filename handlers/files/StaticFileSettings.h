//
// StaticFileSettings.h
//
// What the file side of the server can be told, as plain values.
//


#ifndef Pocows_StaticFileSettings_INCLUDED
#define Pocows_StaticFileSettings_INCLUDED


#include <cstddef>
#include <map>
#include <string>


namespace pocows {


struct StaticFileSettings
{
	std::string docroot = "htdocs";          ///< the folder whose files are served; must exist
	std::string cacheControl = "no-cache";   ///< Cache-Control of every file response; empty sends none
	bool listDirectories = false;            ///< list a folder without index.html instead of 404
	bool followSymlinks = false;             ///< serve links that point outside the docroot
	bool serveDotFiles = false;              ///< serve names that start with a dot
	bool precompressed = false;              ///< serve file.br or file.gz when the client accepts it
	std::size_t memoryCache = 16*1024*1024;  ///< bytes of small files kept in memory (FileCache); 0 keeps none
	std::map<std::string, std::string> mimeTypes;  ///< extension (lower case, no dot) to media type, over the built-in table
};


} // namespace pocows


#endif // Pocows_StaticFileSettings_INCLUDED
