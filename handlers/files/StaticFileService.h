//
// StaticFileService.h
//
// What every file request shares: the settings, the path resolver, the media types and the file cache.
//


#ifndef Pocows_StaticFileService_INCLUDED
#define Pocows_StaticFileService_INCLUDED


#include "files/FileCache.h"
#include "files/MimeTypes.h"
#include "files/PathResolver.h"
#include "files/StaticFileSettings.h"


namespace pocows {


class StaticFileService
	/// The file side of the server, made once and shared by every
	/// StaticFileHandler; safe for use by many threads.
{
public:
	explicit StaticFileService(const StaticFileSettings& settings);
		/// Throws Poco::FileNotFoundException if the document root does not exist.

	const StaticFileSettings& settings() const;

	const PathResolver& resolver() const;

	const MimeTypes& mimeTypes() const;

	FileCache& cache();

private:
	StaticFileService(const StaticFileService&) = delete;
	StaticFileService& operator=(const StaticFileService&) = delete;

	const StaticFileSettings _settings;
	const PathResolver _resolver;
	const MimeTypes _mimeTypes;
	FileCache _cache;
};


//
// inlines
//
inline const StaticFileSettings& StaticFileService::settings() const
{
	return _settings;
}


inline const PathResolver& StaticFileService::resolver() const
{
	return _resolver;
}


inline const MimeTypes& StaticFileService::mimeTypes() const
{
	return _mimeTypes;
}


inline FileCache& StaticFileService::cache()
{
	return _cache;
}


} // namespace pocows


#endif // Pocows_StaticFileService_INCLUDED
