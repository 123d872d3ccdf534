//
// TestDocroot.cpp
//


#include "support/TestDocroot.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include <filesystem>


namespace pocows {


const std::string TestDocroot::SECRET("SECRET");
const std::string TestDocroot::INDEX("<!doctype html><title>index</title>INDEX");
const std::string TestDocroot::SUB_INDEX("SUB INDEX");


TestDocroot::TestDocroot()
{
	_root.createDirectories();
	Poco::File(path("htdocs/sub")).createDirectories();
	Poco::File(path("htdocs/empty")).createDirectories();
	write("secret.txt", SECRET);
	write("htdocs/index.html", INDEX);
	write("htdocs/sub/index.html", SUB_INDEX);
	write("htdocs/style.css", "body { color: black; }");
	write("htdocs/app.js", "console.log('app');");
	write("htdocs/data.bin", std::string("\x00\x01\x02\xFF", 4));
	write("htdocs/notes.unknownext", "notes");
	write("htdocs/a b.txt", "with a space");
	write("htdocs/.hidden", "HIDDEN");
	std::filesystem::create_symlink("../secret.txt", path("htdocs/link-outside"));
	std::filesystem::create_directory_symlink("..", path("htdocs/dir-outside"));
	std::filesystem::create_symlink("style.css", path("htdocs/link-inside"));
}


std::string TestDocroot::docroot() const
{
	return path("htdocs");
}


std::string TestDocroot::path(const std::string& relative) const
{
	return _root.path() + "/" + relative;
}


void TestDocroot::write(const std::string& relative, const std::string& content) const
{
	Poco::FileOutputStream out(path(relative));
	out << content;
}


} // namespace pocows
