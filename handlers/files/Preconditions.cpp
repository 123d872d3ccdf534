//
// Preconditions.cpp
//


#include "files/Preconditions.h"
#include "Poco/DateTime.h"
#include "Poco/DateTimeParser.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"


namespace pocows {


namespace
{
	bool parseHttpDate(const std::string& text, Poco::Timestamp::TimeVal& seconds)
	{
		Poco::DateTime date;
		int zone = 0;
		if (!Poco::DateTimeParser::tryParse(text, date, zone)) return false;
		date.makeUTC(zone);
		seconds = date.timestamp().epochTime();
		return true;
	}

	std::string opaqueTag(const std::string& tag, bool& weak)
	{
		weak = tag.compare(0, 2, "W/") == 0;
		return weak ? tag.substr(2) : tag;
	}
}


Preconditions::Preconditions(const Poco::Net::HTTPRequest& request, const std::string& etag, const Poco::Timestamp& lastModified):
	_request(request),
	_etag(etag),
	_lastModifiedSeconds(lastModified.epochTime())
{
}


Preconditions::Outcome Preconditions::evaluate() const
{
	if (_request.has("If-Match"))
	{
		if (!matchesAny(_request.get("If-Match"), _etag, false)) return PRECONDITION_FAILED;
	}
	else if (_request.has("If-Unmodified-Since"))
	{
		Poco::Timestamp::TimeVal since = 0;
		if (parseHttpDate(_request.get("If-Unmodified-Since"), since) && _lastModifiedSeconds > since) return PRECONDITION_FAILED;
	}
	if (_request.has("If-None-Match"))
	{
		if (matchesAny(_request.get("If-None-Match"), _etag, true)) return NOT_MODIFIED;
	}
	else if (_request.has("If-Modified-Since"))
	{
		Poco::Timestamp::TimeVal since = 0;
		if (parseHttpDate(_request.get("If-Modified-Since"), since) && _lastModifiedSeconds <= since) return NOT_MODIFIED;
	}
	return PROCEED;
}


bool Preconditions::rangeApplies() const
{
	if (!_request.has("If-Range")) return true;
	const std::string condition = Poco::trim(_request.get("If-Range"));
	if (condition.empty()) return false;
	if (condition[0] == '"' || condition.compare(0, 2, "W/") == 0)
	{
		// Only a strong match allows a part of the file (RFC 9110 section 13.1.5).
		bool weak = false;
		return opaqueTag(condition, weak) == _etag && !weak;
	}
	Poco::Timestamp::TimeVal date = 0;
	return parseHttpDate(condition, date) && date == _lastModifiedSeconds;
}


bool Preconditions::matchesAny(const std::string& list, const std::string& etag, bool weak)
{
	Poco::StringTokenizer tags(list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const std::string& tag: tags)
	{
		if (tag == "*") return true;
		bool isWeak = false;
		const std::string opaque = opaqueTag(tag, isWeak);
		if (opaque == etag && (weak || !isWeak)) return true;
	}
	return false;
}


} // namespace pocows
