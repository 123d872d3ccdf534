//
// MimeTypes.h
//
// Content-Type by file extension.
//


#ifndef Pocows_MimeTypes_INCLUDED
#define Pocows_MimeTypes_INCLUDED


#include <map>
#include <string>


namespace pocows {


class MimeTypes
	/// The media types of the files a web page is made of, plus any the
	/// configuration adds or overrides. Text types carry charset=utf-8;
	/// anything unknown is application/octet-stream.
{
public:
	static const std::string DEFAULT_TYPE;

	explicit MimeTypes(const std::map<std::string, std::string>& extra = {});
		/// extra maps extensions (without the dot, any case) to media types.

	const std::string& forPath(const std::string& path) const;
		/// Looks the path's extension up, ignoring case.

private:
	std::map<std::string, std::string> _types;
};


} // namespace pocows


#endif // Pocows_MimeTypes_INCLUDED
