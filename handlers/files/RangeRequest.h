//
// RangeRequest.h
//
// The Range header of a GET: one byte range of a file.
//


#ifndef Pocows_RangeRequest_INCLUDED
#define Pocows_RangeRequest_INCLUDED


#include "Poco/Types.h"
#include <string>


namespace pocows {


class RangeRequest
	/// Parses "Range: bytes=..." against a file's size (RFC 9110 section 14).
	/// One range, "first-last", "first-" or "-suffix", is served as 206;
	/// several ranges are answered with the whole file, as RFC 9110 allows;
	/// a malformed header, or another unit, is ignored.
{
public:
	enum Kind
	{
		WHOLE,           ///< no usable range: send the whole file (200)
		PARTIAL,         ///< send first() to last() (206)
		UNSATISFIABLE    ///< 416, with Content-Range: bytes */size
	};

	RangeRequest(const std::string& header, Poco::UInt64 size);

	Kind kind() const;

	Poco::UInt64 first() const;

	Poco::UInt64 last() const;
		/// Inclusive.

	Poco::UInt64 length() const;

	std::string contentRange() const;
		/// "bytes first-last/size", or "bytes */size" when unsatisfiable.

private:
	void parse(const std::string& spec);

	const Poco::UInt64 _size;
	Kind _kind;
	Poco::UInt64 _first;
	Poco::UInt64 _last;
};


inline RangeRequest::Kind RangeRequest::kind() const
{
	return _kind;
}


inline Poco::UInt64 RangeRequest::first() const
{
	return _first;
}


inline Poco::UInt64 RangeRequest::last() const
{
	return _last;
}


inline Poco::UInt64 RangeRequest::length() const
{
	return _last - _first + 1;
}


} // namespace pocows


#endif // Pocows_RangeRequest_INCLUDED
