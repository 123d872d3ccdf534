//
// FileBody.h
//
// An open file sent as a response body, without copying it through user space where the system allows.
//


#ifndef Pocows_FileBody_INCLUDED
#define Pocows_FileBody_INCLUDED


#include "files/FileCache.h"
#include "Poco/FileStream.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timestamp.h"
#include "Poco/Types.h"
#include <memory>
#include <string>


#if defined(__linux__)
struct stat;
#endif


namespace pocows {


class FileBody
	/// Opens a file once and tells its size and modification time from that
	/// same open file, so the headers describe exactly what is sent. On Linux
	/// the bytes go to the socket with sendfile(2); elsewhere through a
	/// bounded buffer. Either way memory use does not grow with the file.
	/// On Linux, a small file may instead come from (and go into) a
	/// FileCache, and then its size and time are those the cache checked.
{
public:
	FileBody(const std::string& path, FileCache& cache);
		/// Throws Poco::FileException (or a subclass) if it cannot be opened.

	~FileBody();

	Poco::UInt64 size() const;

	const Poco::Timestamp& lastModified() const;

	void sendTo(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length);
		/// Sends length bytes from offset. Each send may block for the socket's
		/// send timeout; a client that goes away ends it with an exception.

	void appendTo(std::string& buffer, Poco::UInt64 offset, std::size_t length);
		/// Reads length bytes from offset onto the end of buffer, for a body
		/// small enough to leave in one write with its headers.

private:
	FileBody(const FileBody&) = delete;
	FileBody& operator=(const FileBody&) = delete;

	Poco::UInt64 _size;
	Poco::Timestamp _lastModified;
#if defined(__linux__)
	void describe(const struct stat& status);
	void sendContent(Poco::Net::StreamSocket& socket, Poco::UInt64 offset, Poco::UInt64 length);

	FileCache::Content _content;
	int _descriptor;
#else
	std::unique_ptr<Poco::FileInputStream> _stream;
#endif
};


inline Poco::UInt64 FileBody::size() const
{
	return _size;
}


inline const Poco::Timestamp& FileBody::lastModified() const
{
	return _lastModified;
}


} // namespace pocows


#endif // Pocows_FileBody_INCLUDED
