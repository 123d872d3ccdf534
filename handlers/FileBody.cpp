//
// FileBody.cpp
//


#include "FileBody.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#if defined(__linux__)
#include <cerrno>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>
#endif
#include <algorithm>
#include <climits>


namespace pocows {


namespace
{
	const std::size_t CHUNK_SIZE = 64*1024;
}


#if defined(__linux__)


FileBody::FileBody(const std::string& path):
	_size(0),
	_descriptor(::open(path.c_str(), O_RDONLY | O_CLOEXEC))
{
	if (_descriptor < 0) Poco::File::handleLastError(path);
	struct stat status;
	if (::fstat(_descriptor, &status) != 0)
	{
		::close(_descriptor);
		Poco::File::handleLastError(path);
	}
	_size = static_cast<Poco::UInt64>(status.st_size);
	_lastModified = Poco::Timestamp::fromEpochTime(status.st_mtim.tv_sec) + status.st_mtim.tv_nsec/1000;
}


FileBody::~FileBody()
{
	::close(_descriptor);
}


void FileBody::sendTo(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length)
{
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


void FileBody::appendTo(std::string& buffer, Poco::UInt64 offset, std::size_t length)
{
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


#else


FileBody::FileBody(const std::string& path):
	_size(0)
{
	Poco::File file(path);
	_size = file.getSize();
	_lastModified = file.getLastModified();
	_stream = std::make_unique<Poco::FileInputStream>(path);
}


FileBody::~FileBody()
{
}


void FileBody::sendTo(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length)
{
	_stream->seekg(static_cast<std::streamoff>(offset));
	char buffer[CHUNK_SIZE];
	while (length > 0)
	{
		_stream->read(buffer, static_cast<std::streamsize>(std::min<Poco::UInt64>(length, CHUNK_SIZE)));
		const std::size_t got = static_cast<std::size_t>(_stream->gcount());
		if (got == 0) throw Poco::IOException("file shorter than its size");
		std::size_t sent = 0;
		while (sent < got) sent += static_cast<std::size_t>(socket.sendBytes(buffer + sent, static_cast<int>(got - sent)));
		length -= got;
	}
}


void FileBody::appendTo(std::string& buffer, Poco::UInt64 offset, std::size_t length)
{
	const std::size_t start = buffer.size();
	buffer.resize(start + length);
	_stream->seekg(static_cast<std::streamoff>(offset));
	_stream->read(&buffer[start], static_cast<std::streamsize>(length));
	if (static_cast<std::size_t>(_stream->gcount()) != length) throw Poco::IOException("file shorter than its size");
}


#endif


} // namespace pocows
