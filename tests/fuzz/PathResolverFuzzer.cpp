//
// PathResolverFuzzer.cpp
//
// libFuzzer target: the request-path resolver fed arbitrary request targets
// against a small document root with dot files, links inside it, links out
// of it and a link loop, next to a folder that must never be reached.
//
// The first input byte picks followSymlinks and serveDotFiles; the rest is
// the target. Whatever it is: a file answer is a regular file under the
// document root (its real path, unless links may lead out), never a dot file
// unless allowed, never the secret; a directory answer lies under the
// document root; a redirect's Location is a path on this server, never
// "//host" and never with a line break.
//


#include "files/PathResolver.h"
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>


namespace fs = std::filesystem;


namespace
{
	fs::path base;
	fs::path docroot;
	fs::path outside;

	void removeTree()
	{
		std::error_code ignored;
		fs::remove_all(base, ignored);
	}

	void writeFile(const fs::path& path, const std::string& content)
	{
		std::ofstream(path, std::ios::binary) << content;
	}

	void buildTree()
	{
		char pattern[] = "/tmp/pocows-fuzz-XXXXXX";
		base = fs::canonical(mkdtemp(pattern));
		std::atexit(removeTree);
		docroot = base / "htdocs";
		outside = base / "outside";
		fs::create_directories(docroot / "sub" / "deeper");
		fs::create_directories(docroot / "empty");
		fs::create_directories(outside);
		writeFile(outside / "secret.txt", "secret");
		writeFile(docroot / "index.html", "index");
		writeFile(docroot / "a.txt", "a");
		writeFile(docroot / "with space.txt", "space");
		writeFile(docroot / ".hidden", "hidden");
		writeFile(docroot / "sub" / "index.html", "sub index");
		writeFile(docroot / "sub" / "b.txt", "b");
		writeFile(docroot / "sub" / ".env", "env");
		writeFile(docroot / "sub" / "deeper" / "c.txt", "c");
		fs::create_symlink("sub/b.txt", docroot / "link-in");
		fs::create_symlink("sub", docroot / "dirlink-in");
		fs::create_symlink("../outside/secret.txt", docroot / "link-out");
		fs::create_symlink("../outside", docroot / "dirlink-out");
		fs::create_symlink(outside / "secret.txt", docroot / "sub" / "absolute-out");
		fs::create_symlink("loop", docroot / "loop");
	}

	bool isUnder(const fs::path& path, const fs::path& root)
	{
		const fs::path relative = path.lexically_relative(root);
		return !relative.empty() && *relative.begin() != "..";
	}

	bool hasDotName(const fs::path& path)
		/// Whether a name under the docroot starts with a dot; a link
		/// allowed to lead out may end anywhere.
	{
		if (!isUnder(path, docroot)) return false;
		for (const fs::path& part: path.lexically_relative(docroot))
		{
			const std::string name = part.string();
			if (!name.empty() && name[0] == '.' && name != ".") return true;
		}
		return false;
	}

	void check(bool condition)
	{
		if (!condition) std::abort();
	}
}


extern "C" int LLVMFuzzerInitialize(int*, char***)
{
	buildTree();
	return 0;
}


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	if (size < 1) return 0;
	pocows::StaticFileSettings settings;
	settings.docroot = docroot.string();
	settings.followSymlinks = (data[0] & 1) != 0;
	settings.serveDotFiles = (data[0] & 2) != 0;
	static const pocows::PathResolver* resolvers[4] = {};
	const pocows::PathResolver*& resolver = resolvers[data[0] & 3];
	if (!resolver) resolver = new pocows::PathResolver(settings);

	const std::string target(reinterpret_cast<const char*>(data) + 1, size - 1);
	const pocows::PathResolver::Resolution resolution = resolver->resolve(target);
	std::error_code error;
	switch (resolution.kind)
	{
	case pocows::PathResolver::Resolution::FILE:
	{
		const fs::path real = fs::canonical(resolution.path, error);
		check(!error && fs::is_regular_file(real));
		check(!hasDotName(resolution.path) || settings.serveDotFiles);
		if (!settings.followSymlinks) check(isUnder(real, docroot) && !isUnder(real, outside));
		break;
	}
	case pocows::PathResolver::Resolution::DIRECTORY:
		check(fs::is_directory(resolution.path, error));
		if (!settings.followSymlinks) check(isUnder(fs::canonical(resolution.path, error), docroot) || fs::equivalent(resolution.path, docroot, error));
		break;
	case pocows::PathResolver::Resolution::REDIRECT:
	{
		const std::string& location = resolution.path;
		check(location.size() >= 2 && location[0] == '/' && location[1] != '/' && location[1] != '\\');
		if (target.find_first_of("\r\n") == std::string::npos) check(location.find_first_of("\r\n") == std::string::npos);
		break;
	}
	case pocows::PathResolver::Resolution::BAD_REQUEST:
	case pocows::PathResolver::Resolution::NOT_FOUND:
		check(resolution.path.empty());
		break;
	}
	return 0;
}
