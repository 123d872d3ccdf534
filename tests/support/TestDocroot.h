//
// TestDocroot.h
//
// A throw-away document root with the files, folders and links the tests need.
//


#ifndef Pocows_TestDocroot_INCLUDED
#define Pocows_TestDocroot_INCLUDED


#include "Poco/TemporaryFile.h"
#include <string>


namespace pocows {


class TestDocroot
	/// Creates, in a new temporary folder:
	///
	///     secret.txt                 SECRET (outside the document root)
	///     htdocs/index.html          INDEX
	///     htdocs/style.css, app.js, data.bin, notes.unknownext, "a b.txt"
	///     htdocs/sub/index.html      SUB INDEX
	///     htdocs/empty/              (no index.html)
	///     htdocs/.hidden             HIDDEN
	///     htdocs/link-outside  ->  ../secret.txt
	///     htdocs/dir-outside   ->  ..
	///     htdocs/link-inside   ->  style.css
	///
	/// and removes it all again when destroyed.
{
public:
	static const std::string SECRET;
	static const std::string INDEX;
	static const std::string SUB_INDEX;

	TestDocroot();

	std::string docroot() const;
		/// The absolute path of htdocs.

	std::string path(const std::string& relative) const;
		/// An absolute path inside the temporary folder.

	void write(const std::string& relative, const std::string& content) const;

private:
	Poco::TemporaryFile _root;
};


} // namespace pocows


#endif // Pocows_TestDocroot_INCLUDED
