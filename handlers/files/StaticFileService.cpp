//
// StaticFileService.cpp
//


#include "files/StaticFileService.h"


namespace pocows {


StaticFileService::StaticFileService(const StaticFileSettings& settings):
	_settings(settings),
	_resolver(settings),
	_mimeTypes(settings.mimeTypes),
	_cache(settings.memoryCache)
{
}


} // namespace pocows
