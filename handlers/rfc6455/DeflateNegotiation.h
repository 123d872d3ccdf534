//
// DeflateNegotiation.h
//
// The server's side of permessage-deflate negotiation (RFC 7692 section 7.1).
//


#ifndef Pocows_DeflateNegotiation_INCLUDED
#define Pocows_DeflateNegotiation_INCLUDED


#include "rfc6455/DeflateParameters.h"
#include "rfc6455/DeflateSettings.h"
#include "rfc6455/ExtensionOffer.h"
#include <string>
#include <vector>


namespace pocows {


class DeflateNegotiation
	/// Picks the first permessage-deflate offer the server can accept and
	/// says how to answer it.
	///
	/// An offer is declined, and the next one considered, if it is malformed,
	/// has a parameter the RFC does not define, a parameter twice, a value
	/// where none belongs or a window size outside 8 to 15, or asks the
	/// server to compress with a window of 8 bits, which zlib's raw deflate
	/// cannot keep to (it uses 9). If none is left, the session runs
	/// uncompressed.
	///
	/// The answer asks for what the settings call for and the offer allows:
	/// without context takeover (the default) it says
	/// server_no_context_takeover and client_no_context_takeover, asked for
	/// or not (RFC 7692 sections 7.1.1.1 and 7.1.1.2 let the server add
	/// both), so that no session keeps a zlib stream between messages. A
	/// window size is answered only where the client offered the parameter:
	/// the RFC forbids client_max_window_bits otherwise, and some clients
	/// refuse an unasked server_max_window_bits, which the server never needs
	/// to send, since a smaller window than the client allows costs it nothing.
{
public:
	DeflateNegotiation(const std::vector<ExtensionOffer>& offers, const DeflateSettings& settings);

	bool accepted() const;

	const DeflateParameters& parameters() const;
		/// What was agreed, when accepted().

	const std::string& response() const;
		/// The Sec-WebSocket-Extensions value to answer with, when accepted().

	static const std::string EXTENSION_NAME;

private:
	bool accept(const ExtensionOffer& offer, const DeflateSettings& settings);
	static bool parseWindowBits(const std::string& value, int& bits);

	bool _accepted;
	DeflateParameters _parameters;
	std::string _response;
};


//
// inlines
//
inline bool DeflateNegotiation::accepted() const
{
	return _accepted;
}


inline const DeflateParameters& DeflateNegotiation::parameters() const
{
	return _parameters;
}


inline const std::string& DeflateNegotiation::response() const
{
	return _response;
}


} // namespace pocows


#endif // Pocows_DeflateNegotiation_INCLUDED
