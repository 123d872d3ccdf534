//
// StaticFileSettings.h
//
// What the file side of the server can be told, as plain values.
//


#ifndef Pocows_StaticFileSettings_INCLUDED
#define Pocows_StaticFileSettings_INCLUDED


#include <string>


namespace pocows {


struct StaticFileSettings
{
	std::string docroot = "htdocs";  ///< the folder whose files are served; must exist
};


} // namespace pocows


#endif // Pocows_StaticFileSettings_INCLUDED
