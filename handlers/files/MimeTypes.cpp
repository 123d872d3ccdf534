//
// MimeTypes.cpp
//


#include "files/MimeTypes.h"
#include "Poco/String.h"
#include <map>


namespace pocows {


namespace
{
	const std::map<std::string, std::string> TYPES = {
		{"html",  "text/html; charset=utf-8"},
		{"htm",   "text/html; charset=utf-8"},
		{"css",   "text/css; charset=utf-8"},
		{"js",    "text/javascript; charset=utf-8"},
		{"mjs",   "text/javascript; charset=utf-8"},
		{"json",  "application/json"},
		{"map",   "application/json"},
		{"txt",   "text/plain; charset=utf-8"},
		{"md",    "text/markdown; charset=utf-8"},
		{"csv",   "text/csv; charset=utf-8"},
		{"xml",   "application/xml"},
		{"svg",   "image/svg+xml"},
		{"png",   "image/png"},
		{"jpg",   "image/jpeg"},
		{"jpeg",  "image/jpeg"},
		{"gif",   "image/gif"},
		{"webp",  "image/webp"},
		{"avif",  "image/avif"},
		{"ico",   "image/vnd.microsoft.icon"},
		{"woff",  "font/woff"},
		{"woff2", "font/woff2"},
		{"ttf",   "font/ttf"},
		{"otf",   "font/otf"},
		{"wasm",  "application/wasm"},
		{"pdf",   "application/pdf"},
		{"zip",   "application/zip"},
		{"mp4",   "video/mp4"},
		{"webm",  "video/webm"},
		{"mp3",   "audio/mpeg"},
		{"ogg",   "audio/ogg"},
		{"wav",   "audio/wav"}
	};
}


const std::string MimeTypes::DEFAULT_TYPE("application/octet-stream");


MimeTypes::MimeTypes(const std::map<std::string, std::string>& extra):
	_types(TYPES)
{
	for (const auto& type: extra) _types[Poco::toLower(type.first)] = type.second;
}


const std::string& MimeTypes::forPath(const std::string& path) const
{
	const std::size_t dot = path.rfind('.');
	const std::size_t slash = path.find_last_of("/\\");
	if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return DEFAULT_TYPE;
	const auto it = _types.find(Poco::toLower(path.substr(dot + 1)));
	return it == _types.end() ? DEFAULT_TYPE : it->second;
}


} // namespace pocows
