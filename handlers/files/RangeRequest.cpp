//
// RangeRequest.cpp
//


#include "files/RangeRequest.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include <cctype>
#include <limits>


namespace pocows {


namespace
{
	const std::size_t MAX_EXACT_DIGITS = 19;  // every 19-digit number fits in 64 bits

	bool parseNumber(const std::string& text, Poco::UInt64& value)
		/// Digits only, as NumberParser alone would accept a sign or spaces; a
		/// number too large for 64 bits saturates, as it is past any file's end.
	{
		if (text.empty()) return false;
		for (const char c: text)
		{
			if (!std::isdigit(static_cast<unsigned char>(c))) return false;
		}
		if (text.size() > MAX_EXACT_DIGITS)
		{
			value = std::numeric_limits<Poco::UInt64>::max();
			return true;
		}
		return Poco::NumberParser::tryParseUnsigned64(text, value);
	}
}


RangeRequest::RangeRequest(const std::string& header, Poco::UInt64 size):
	_size(size),
	_kind(WHOLE),
	_first(0),
	_last(0)
{
	const std::string unit = "bytes=";
	const std::string trimmed = Poco::trim(header);
	if (Poco::icompare(trimmed.substr(0, unit.size()), unit) != 0) return;
	const std::string spec = Poco::trim(trimmed.substr(unit.size()));
	if (spec.find(',') != std::string::npos) return;
	parse(spec);
}


void RangeRequest::parse(const std::string& spec)
{
	const std::size_t dash = spec.find('-');
	if (dash == std::string::npos) return;
	const std::string firstText = Poco::trim(spec.substr(0, dash));
	const std::string lastText = Poco::trim(spec.substr(dash + 1));
	Poco::UInt64 first = 0;
	Poco::UInt64 last = 0;
	if (firstText.empty())
	{
		// A suffix: the final bytes of the file.
		if (!parseNumber(lastText, last)) return;
		if (last == 0 || _size == 0)
		{
			_kind = UNSATISFIABLE;
			return;
		}
		_first = last >= _size ? 0 : _size - last;
		_last = _size - 1;
		_kind = PARTIAL;
		return;
	}
	if (!parseNumber(firstText, first)) return;
	if (lastText.empty()) last = _size ? _size - 1 : 0;
	else if (!parseNumber(lastText, last) || last < first) return;
	if (first >= _size)
	{
		_kind = UNSATISFIABLE;
		return;
	}
	_first = first;
	_last = last >= _size ? _size - 1 : last;
	_kind = PARTIAL;
}


std::string RangeRequest::contentRange() const
{
	if (_kind == UNSATISFIABLE) return "bytes */" + std::to_string(_size);
	return "bytes " + std::to_string(_first) + "-" + std::to_string(_last) + "/" + std::to_string(_size);
}


} // namespace pocows
