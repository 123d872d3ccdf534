//
// MimeTypes.h
//
// Content-Type by file extension.
//


#ifndef Pocows_MimeTypes_INCLUDED
#define Pocows_MimeTypes_INCLUDED


#include <string>


namespace pocows {


class MimeTypes
	/// The media types of the files a web page is made of. Text types carry
	/// charset=utf-8; anything unknown is application/octet-stream.
{
public:
	static const std::string DEFAULT_TYPE;

	static const std::string& forPath(const std::string& path);
		/// Looks the path's extension up, ignoring case.
};


} // namespace pocows


#endif // Pocows_MimeTypes_INCLUDED
