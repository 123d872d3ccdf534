//
// DeflateParameters.h
//
// What one session's permessage-deflate negotiation settled.
//


#ifndef Pocows_DeflateParameters_INCLUDED
#define Pocows_DeflateParameters_INCLUDED


namespace pocows {


struct DeflateParameters
{
	bool serverNoContextTakeover = true;
		///< the server compresses every message on its own
	bool clientNoContextTakeover = true;
		///< the client does: its messages need no inflate stream between them
	int serverWindowBits = 15;
		///< the LZ77 window the server compresses with
	int clientWindowBits = 15;
		///< the largest window the client may compress with: what an inflate stream kept between messages needs
};


} // namespace pocows


#endif // Pocows_DeflateParameters_INCLUDED
