//
// OriginList.cpp
//


#include "rfc6455/OriginList.h"
#include "Poco/Exception.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/URI.h"
#include <algorithm>
#include <cctype>


namespace pocows {


namespace
{
	const std::string OPAQUE_ORIGIN("null");
	const std::string NOT_AN_ORIGIN("not an origin (scheme://host[:port])");

	unsigned short defaultPort(const std::string& scheme)
	{
		// Poco::URI knows the well-known ports; it reports one for a URI without a port.
		return Poco::URI(scheme + "://host").getPort();
	}

	bool isHostName(const std::string& host)
	{
		// A DNS name or an IP address; Poco::URI lets any character through.
		return !host.empty() && std::all_of(host.begin(), host.end(), [](char c)
		{
			return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':';
		});
	}
}


OriginList::OriginList()
{
}


OriginList::OriginList(const std::string& list)
{
	Poco::StringTokenizer entries(list, ", \t", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const std::string& entry: entries)
	{
		_origins.push_back(normalize(entry));
	}
}


bool OriginList::allows(const std::string& origin) const
{
	if (allowsAny()) return true;
	try
	{
		return std::find(_origins.begin(), _origins.end(), normalize(origin)) != _origins.end();
	}
	catch (Poco::SyntaxException&)
	{
		return false;
	}
}


std::string OriginList::normalize(const std::string& origin)
{
	const std::string trimmed = Poco::trim(origin);
	if (Poco::icompare(trimmed, OPAQUE_ORIGIN) == 0) return OPAQUE_ORIGIN;
	Poco::URI uri;
	try
	{
		uri = Poco::URI(trimmed);
	}
	catch (Poco::SyntaxException&)
	{
		throw Poco::SyntaxException(NOT_AN_ORIGIN, trimmed);
	}
	const bool onlySchemeHostPort = trimmed.find("://") != std::string::npos && isHostName(uri.getHost())
		&& uri.getUserInfo().empty() && uri.getPath().empty() && uri.getRawQuery().empty() && uri.getFragment().empty();
	if (!onlySchemeHostPort) throw Poco::SyntaxException(NOT_AN_ORIGIN, trimmed);

	const std::string scheme = Poco::toLower(uri.getScheme());
	const std::string host = Poco::toLower(uri.getHost());
	std::string serialized = scheme + "://" + (host.find(':') == std::string::npos ? host : "[" + host + "]");
	if (uri.getSpecifiedPort() != 0 && uri.getSpecifiedPort() != defaultPort(scheme))
		serialized += ":" + std::to_string(uri.getSpecifiedPort());
	return serialized;
}


} // namespace pocows
