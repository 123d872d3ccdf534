//
// ExtensionOffer.cpp
//
// POCO's MessageHeader::splitParameters() splits such lists too, but it
// accepts anything, and cannot tell a parameter without a value from one
// with an empty quoted value; negotiation has to decline both kinds of
// mistake, so the grammar is followed here.
//


#include "rfc6455/ExtensionOffer.h"
#include "Poco/Ascii.h"
#include "Poco/String.h"
#include <cstring>


namespace pocows {


namespace
{
	bool isTokenChar(char c)
	{
		// RFC 9110 section 5.6.2.
		return Poco::Ascii::isAlphaNumeric(c) || (c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
	}

	void skipSpace(const std::string& text, std::size_t& pos)
	{
		while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
	}

	std::string takeToken(const std::string& text, std::size_t& pos)
	{
		const std::size_t start = pos;
		while (pos < text.size() && isTokenChar(text[pos])) ++pos;
		return text.substr(start, pos - start);
	}

	bool takeQuoted(const std::string& text, std::size_t& pos, std::string& value)
		/// A quoted-string (RFC 9110 section 5.6.4) starting at pos, unescaped.
	{
		++pos;
		while (pos < text.size())
		{
			const char c = text[pos++];
			if (c == '"') return true;
			if (c == '\\')
			{
				if (pos == text.size()) return false;
				value += text[pos++];
			}
			else value += c;
		}
		return false;
	}

	void skipElement(const std::string& text, std::size_t& pos)
		/// Moves past the rest of a malformed element, to the comma that ends it.
	{
		bool quoted = false;
		while (pos < text.size())
		{
			const char c = text[pos];
			if (quoted && c == '\\') ++pos;
			else if (c == '"') quoted = !quoted;
			else if (c == ',' && !quoted) return;
			++pos;
		}
	}
}


ExtensionOffer::ExtensionOffer():
	_wellFormed(false)
{
}


std::vector<ExtensionOffer> ExtensionOffer::parseList(const std::string& header)
{
	std::vector<ExtensionOffer> offers;
	std::size_t pos = 0;
	while (pos < header.size())
	{
		skipSpace(header, pos);
		// Empty list elements are allowed and mean nothing (RFC 9110 section 5.6.1).
		if (pos < header.size() && header[pos] == ',')
		{
			++pos;
			continue;
		}
		if (pos == header.size()) break;
		ExtensionOffer offer = parseElement(header, pos);
		if (!offer._wellFormed) skipElement(header, pos);
		offers.push_back(std::move(offer));
		if (pos < header.size()) ++pos;  // the comma
	}
	return offers;
}


ExtensionOffer ExtensionOffer::parseElement(const std::string& header, std::size_t& pos)
{
	ExtensionOffer offer;
	offer._name = Poco::toLower(takeToken(header, pos));
	if (offer._name.empty()) return offer;
	for (;;)
	{
		skipSpace(header, pos);
		if (pos == header.size() || header[pos] == ',') break;
		if (header[pos] != ';') return offer;
		++pos;
		if (!offer.parseParameter(header, pos)) return offer;
	}
	offer._wellFormed = true;
	return offer;
}


bool ExtensionOffer::parseParameter(const std::string& header, std::size_t& pos)
{
	Parameter parameter;
	skipSpace(header, pos);
	parameter.name = Poco::toLower(takeToken(header, pos));
	if (parameter.name.empty()) return false;
	skipSpace(header, pos);
	if (pos < header.size() && header[pos] == '=')
	{
		++pos;
		skipSpace(header, pos);
		parameter.hasValue = true;
		if (pos < header.size() && header[pos] == '"')
		{
			if (!takeQuoted(header, pos, parameter.value)) return false;
		}
		else parameter.value = takeToken(header, pos);
		// RFC 6455 section 9.1: a quoted value, once unquoted, must be a token too.
		if (parameter.value.empty()) return false;
		for (char c: parameter.value)
		{
			if (!isTokenChar(c)) return false;
		}
	}
	_parameters.push_back(std::move(parameter));
	return true;
}


} // namespace pocows
