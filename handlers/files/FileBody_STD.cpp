//
// FileBody_STD.cpp
//
// Included by FileBody.cpp where there is no sendfile(2).
//


#include "Poco/Exception.h"
#include "Poco/File.h"
#include <algorithm>


namespace pocows {


namespace
{
	const std::size_t CHUNK_SIZE = 64*1024;
}


FileBody::FileBody(const std::string& path, FileCache&):
	_size(0)
{
	// Without an inode to tell a replaced file from the same one, nothing is cached here.
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
		// POCO's sendBytes() sends all of it on a blocking socket.
		socket.sendBytes(buffer, static_cast<int>(got));
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


} // namespace pocows
