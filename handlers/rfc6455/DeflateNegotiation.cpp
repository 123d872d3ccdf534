//
// DeflateNegotiation.cpp
//


#include "rfc6455/DeflateNegotiation.h"
#include <algorithm>
#include <set>


namespace pocows {


namespace
{
	const int MAX_WINDOW_BITS = 15;

	// zlib's raw deflate turns a window of 8 bits into 9 (see deflateInit2() in zlib.h).
	const int SMALLEST_DEFLATE_WINDOW_BITS = 9;

	struct Offer
		/// The permessage-deflate parameters of one offer.
	{
		bool serverNoContextTakeover = false;
		bool clientNoContextTakeover = false;
		int serverMaxWindowBits = 0;      // 0: not offered
		bool clientMaxWindowBits = false; // offered, with or without a value
		int clientWindowBitsValue = 0;    // 0: offered without a value
	};
}


const std::string DeflateNegotiation::EXTENSION_NAME("permessage-deflate");


DeflateNegotiation::DeflateNegotiation(const std::vector<ExtensionOffer>& offers, const DeflateSettings& settings):
	_accepted(false)
{
	if (!settings.enabled) return;
	for (const ExtensionOffer& offer: offers)
	{
		if (offer.wellFormed() && offer.name() == EXTENSION_NAME && accept(offer, settings))
		{
			_accepted = true;
			return;
		}
	}
}


bool DeflateNegotiation::accept(const ExtensionOffer& extension, const DeflateSettings& settings)
{
	Offer offer;
	std::set<std::string> seen;
	for (const ExtensionOffer::Parameter& parameter: extension.parameters())
	{
		if (!seen.insert(parameter.name).second) return false;
		if (parameter.name == "server_no_context_takeover" && !parameter.hasValue)
			offer.serverNoContextTakeover = true;
		else if (parameter.name == "client_no_context_takeover" && !parameter.hasValue)
			offer.clientNoContextTakeover = true;
		else if (parameter.name == "server_max_window_bits" && parameter.hasValue)
		{
			if (!parseWindowBits(parameter.value, offer.serverMaxWindowBits)) return false;
		}
		else if (parameter.name == "client_max_window_bits")
		{
			offer.clientMaxWindowBits = true;
			if (parameter.hasValue && !parseWindowBits(parameter.value, offer.clientWindowBitsValue)) return false;
		}
		else return false;
	}
	if (offer.serverMaxWindowBits != 0 && offer.serverMaxWindowBits < SMALLEST_DEFLATE_WINDOW_BITS) return false;

	DeflateParameters& agreed = _parameters;
	agreed.serverNoContextTakeover = offer.serverNoContextTakeover || !settings.contextTakeover;
	// A client that says it will not keep its context saves the server an
	// inflate stream even in the context-takeover mode.
	agreed.clientNoContextTakeover = offer.clientNoContextTakeover || !settings.contextTakeover;
	agreed.serverWindowBits = std::min(settings.windowBits, offer.serverMaxWindowBits != 0 ? offer.serverMaxWindowBits : MAX_WINDOW_BITS);
	// Only an inflate stream kept between messages gains from a smaller
	// client window; one borrowed per message is the pool's, at 15 bits.
	int clientWindowBits = 0;
	if (offer.clientMaxWindowBits && !agreed.clientNoContextTakeover)
	{
		const int offered = offer.clientWindowBitsValue != 0 ? offer.clientWindowBitsValue : MAX_WINDOW_BITS;
		clientWindowBits = std::min(settings.windowBits, offered);
		if (clientWindowBits == MAX_WINDOW_BITS && offer.clientWindowBitsValue == 0) clientWindowBits = 0;
	}
	agreed.clientWindowBits = clientWindowBits != 0 ? clientWindowBits : MAX_WINDOW_BITS;

	_response = EXTENSION_NAME;
	if (agreed.serverNoContextTakeover) _response += "; server_no_context_takeover";
	if (agreed.clientNoContextTakeover) _response += "; client_no_context_takeover";
	if (offer.serverMaxWindowBits != 0) _response += "; server_max_window_bits=" + std::to_string(agreed.serverWindowBits);
	if (clientWindowBits != 0) _response += "; client_max_window_bits=" + std::to_string(clientWindowBits);
	return true;
}


bool DeflateNegotiation::parseWindowBits(const std::string& value, int& bits)
{
	// RFC 7692 section 7.1.2: a decimal integer from 8 to 15 without leading zeros.
	static const char* const VALID[] = {"8", "9", "10", "11", "12", "13", "14", "15"};
	for (int i = 0; i < 8; ++i)
	{
		if (value == VALID[i])
		{
			bits = 8 + i;
			return true;
		}
	}
	return false;
}


} // namespace pocows
