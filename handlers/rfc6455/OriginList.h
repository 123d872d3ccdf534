//
// OriginList.h
//
// The web origins allowed to open WebSocket sessions.
//


#ifndef Pocows_OriginList_INCLUDED
#define Pocows_OriginList_INCLUDED


#include <string>
#include <vector>


namespace pocows {


class OriginList
	/// The origins (RFC 6454) whose pages may open WebSocket sessions: the
	/// defence against cross-site WebSocket hijacking, where a page from
	/// elsewhere uses a visitor's browser, and its cookies, to talk to the
	/// service. Browsers always send the page's origin in the handshake;
	/// other clients usually send none and could send any, so a handshake
	/// without an Origin header is not refused.
	///
	/// Origins are compared in their serialized form, scheme://host[:port]:
	/// scheme and host in lower case, the scheme's default port left out.
	/// The opaque origin "null" matches only when listed.
{
public:
	OriginList();
		/// Allows every origin.

	explicit OriginList(const std::string& list);
		/// Parses origins separated by commas or spaces; an empty list allows
		/// every origin. Throws Poco::SyntaxException naming the first entry
		/// that is not an origin.

	bool allowsAny() const;

	bool allows(const std::string& origin) const;
		/// Whether an Origin header's value is allowed.

	static std::string normalize(const std::string& origin);
		/// The serialized form of an origin. Throws Poco::SyntaxException if
		/// it is not scheme://host[:port] (or "null").

	const std::vector<std::string>& origins() const;

private:
	std::vector<std::string> _origins;
};


//
// inlines
//
inline bool OriginList::allowsAny() const
{
	return _origins.empty();
}


inline const std::vector<std::string>& OriginList::origins() const
{
	return _origins;
}


} // namespace pocows


#endif // Pocows_OriginList_INCLUDED
