//
// FileBody_LINUX.cpp
//
// Included by FileBody.cpp on Linux.
//


#include "Poco/Exception.h"
#include "Poco/File.h"
#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>


namespace pocows {


namespace
{
	Poco::Timestamp timestampOf(const timespec& time)
	{
		return Poco::Timestamp::fromEpochTime(time.tv_sec) + time.tv_nsec/1000;
	}

	FileCache::Identity identityOf(const struct stat& status)
	{
		FileCache::Identity identity;
		identity.device = static_cast<Poco::UInt64>(status.st_dev);
		identity.inode = static_cast<Poco::UInt64>(status.st_ino);
		identity.size = static_cast<Poco::UInt64>(status.st_size);
		identity.modified = timestampOf(status.st_mtim);
		identity.changed = timestampOf(status.st_ctim);
		return identity;
	}
}


FileBody::FileBody(const std::string& path, FileCache& cache):
	_size(0),
	_descriptor(-1)
{
	struct stat status;
	if (cache.enabled() && ::stat(path.c_str(), &status) == 0)
	{
		_content = cache.find(path, identityOf(status));
		if (_content)
		{
			describe(status);
			return;
		}
	}
	_descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (_descriptor < 0) Poco::File::handleLastError(path);
	if (::fstat(_descriptor, &status) != 0)
	{
		::close(_descriptor);
		Poco::File::handleLastError(path);
	}
	describe(status);
	const FileCache::Identity identity = identityOf(status);
	if (cache.admits(identity))
	{
		std::string bytes;
		appendTo(bytes, 0, static_cast<std::size_t>(_size));
		_content = std::make_shared<const std::string>(std::move(bytes));
		cache.insert(path, identity, _content);
		::close(_descriptor);
		_descriptor = -1;
	}
}


FileBody::~FileBody()
{
	if (_descriptor >= 0) ::close(_descriptor);
}


void FileBody::describe(const struct stat& status)
{
	_size = static_cast<Poco::UInt64>(status.st_size);
	_lastModified = timestampOf(status.st_mtim);
}


void FileBody::sendTo(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length)
{
	if (_content) return sendContent(socket, offset, length);
	off_t position = static_cast<off_t>(offset);
	while (length > 0)
	{
		const ssize_t sent = ::sendfile(socket.impl()->sockfd(), _descriptor, &position, static_cast<std::size_t>(std::min<Poco::UInt64>(length, INT_MAX)));
		if (sent < 0)
		{
			if (errno == EINTR) continue;
			if (errno == EAGAIN) throw Poco::TimeoutException("client does not read");
			throw Poco::IOException("sendfile failed", errno);
		}
		if (sent == 0) throw Poco::IOException("file shorter than its size");
		length -= static_cast<Poco::UInt64>(sent);
	}
}


void FileBody::sendContent(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length)
{
	// A cached file is small (FileCache::MAX_FILE_SIZE), and POCO's
	// sendBytes() sends all of it on a blocking socket.
	socket.sendBytes(_content->data() + offset, static_cast<int>(length));
}


void FileBody::appendTo(std::string& buffer, Poco::UInt64 offset, std::size_t length)
{
	if (_content)
	{
		buffer.append(*_content, static_cast<std::size_t>(offset), length);
		return;
	}
	const std::size_t start = buffer.size();
	buffer.resize(start + length);
	std::size_t done = 0;
	while (done < length)
	{
		const ssize_t got = ::pread(_descriptor, &buffer[start + done], length - done, static_cast<off_t>(offset + done));
		if (got < 0 && errno == EINTR) continue;
		if (got < 0) throw Poco::ReadFileException("cannot read file", errno);
		if (got == 0) throw Poco::IOException("file shorter than its size");
		done += static_cast<std::size_t>(got);
	}
}


} // namespace pocows
