//
// Preconditions.h
//
// Conditional GET and HEAD: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range.
//


#ifndef Pocows_Preconditions_INCLUDED
#define Pocows_Preconditions_INCLUDED


#include "Poco/Net/HTTPRequest.h"
#include "Poco/Timestamp.h"
#include <string>


namespace pocows {


class Preconditions
	/// Evaluates a GET or HEAD request's preconditions against a file's
	/// entity tag and modification time, in the order RFC 9110 section 13.2.2
	/// prescribes: If-Match, else If-Unmodified-Since (failing: 412); then
	/// If-None-Match, else If-Modified-Since (failing: 304). HTTP dates have
	/// whole seconds, so the modification time is compared in whole seconds.
{
public:
	enum Outcome
	{
		PROCEED,
		NOT_MODIFIED,          ///< 304
		PRECONDITION_FAILED    ///< 412
	};

	Preconditions(const Poco::Net::HTTPRequest& request, const std::string& etag, const Poco::Timestamp& lastModified);

	Outcome evaluate() const;

	bool rangeApplies() const;
		/// False if an If-Range names another version of the file than this
		/// one (RFC 9110 section 13.1.5): the whole file is sent instead.

	static bool matchesAny(const std::string& list, const std::string& etag, bool weak);
		/// Whether a comma-separated list of entity tags (or "*") contains
		/// etag, by weak or strong comparison (RFC 9110 section 8.8.3.2).

private:
	bool modifiedAfter(const std::string& header) const;
		/// True if the header holds a valid HTTP date before the file's time;
		/// an invalid date counts as absent.

	const Poco::Net::HTTPRequest& _request;
	const std::string _etag;
	const Poco::Timestamp::TimeVal _lastModifiedSeconds;
};


} // namespace pocows


#endif // Pocows_Preconditions_INCLUDED
