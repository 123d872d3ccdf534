//
// DirectoryListing.cpp
//


#include "files/DirectoryListing.h"
#include "Poco/URI.h"
#include <algorithm>
#include <filesystem>
#include <vector>


namespace pocows {


std::string DirectoryListing::render(const std::string& directory, const std::string& requestPath, bool showDotFiles)
{
	std::vector<std::string> folders;
	std::vector<std::string> files;
	std::error_code error;
	// UTF-8 in and out, also on Windows (see PathResolver).
	for (const auto& entry: std::filesystem::directory_iterator(std::filesystem::u8path(directory), error))
	{
		const std::string name = entry.path().filename().u8string();
		if (name[0] == '.' && !showDotFiles) continue;
		std::error_code typeError;
		(entry.is_directory(typeError) ? folders : files).push_back(name);
	}
	std::sort(folders.begin(), folders.end());
	std::sort(files.begin(), files.end());

	const std::string title = "Index of " + escapeHtml(requestPath);
	std::string page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n<body>\n<h1>" + title + "</h1>\n<ul>\n";
	if (requestPath != "/") page += "<li><a href=\"../\">../</a></li>\n";
	auto addEntry = [&page](const std::string& name, const std::string& suffix)
	{
		std::string link;
		Poco::URI::encode(name, "/?#%;:\"'<>&", link);
		page += "<li><a href=\"" + link + suffix + "\">" + escapeHtml(name) + suffix + "</a></li>\n";
	};
	for (const std::string& name: folders) addEntry(name, "/");
	for (const std::string& name: files) addEntry(name, "");
	return page + "</ul>\n</body></html>\n";
}


std::string DirectoryListing::escapeHtml(const std::string& text)
{
	std::string escaped;
	escaped.reserve(text.size());
	for (const char c: text)
	{
		switch (c)
		{
		case '&': escaped += "&amp;"; break;
		case '<': escaped += "&lt;"; break;
		case '>': escaped += "&gt;"; break;
		case '"': escaped += "&quot;"; break;
		case '\'': escaped += "&#39;"; break;
		default: escaped += c; break;
		}
	}
	return escaped;
}


} // namespace pocows
