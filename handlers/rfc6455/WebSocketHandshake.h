//
// WebSocketHandshake.h
//
// The server's side of the RFC 6455 opening handshake.
//


#ifndef Pocows_WebSocketHandshake_INCLUDED
#define Pocows_WebSocketHandshake_INCLUDED


#include "rfc6455/DeflateNegotiation.h"
#include "rfc6455/DeflateSettings.h"
#include "rfc6455/OriginList.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include <string>
#include <vector>


namespace pocows {


class WebSocketHandshake
	/// Checks a client's opening handshake (RFC 6455 section 4.2.1) and says
	/// how to answer it: 101 with the accept key and the subprotocol the
	/// service selected, if any, or an error status with the reason in plain
	/// words.
{
public:
	static const std::string WEBSOCKET_VERSION;

	explicit WebSocketHandshake(const Poco::Net::HTTPRequest& request, const OriginList& allowedOrigins = OriginList());
		/// Examines the request; nothing is sent. A request from an origin
		/// that allowedOrigins does not allow is refused with 403.

	bool accepted() const;
		/// True while the handshake is valid and nobody has refused it.

	const std::vector<std::string>& subprotocols() const;
		/// The subprotocols the client offered, in its order of preference.

	bool offers(const std::string& subprotocol) const;
		/// Subprotocol names compare exactly (RFC 6455 section 11.3.4).

	void selectSubprotocol(const std::string& subprotocol);
		/// Answers with this subprotocol; empty answers with none. Throws
		/// Poco::InvalidArgumentException if the client did not offer it:
		/// the RFC allows only one of those offered.

	const std::string& subprotocol() const;

	void negotiateDeflate(const Poco::Net::HTTPRequest& request, const DeflateSettings& settings);
		/// Accepts the first permessage-deflate offer of the request's
		/// Sec-WebSocket-Extensions headers that the settings allow (see
		/// DeflateNegotiation); no other extension is known. Without one the
		/// session runs uncompressed.

	bool deflateAccepted() const;

	const DeflateParameters& deflateParameters() const;
		/// What was agreed, if deflateAccepted().

	void refuse(Poco::Net::HTTPResponse::HTTPStatus status, const std::string& error);
		/// Refuses a handshake, e.g. on behalf of the service it is for.

	Poco::Net::HTTPResponse::HTTPStatus status() const;
		/// HTTP_SWITCHING_PROTOCOLS when accepted, else the error status.

	const std::string& error() const;
		/// Why the handshake was refused, fit to show to the client.

	void prepareResponse(Poco::Net::HTTPResponse& response) const;
		/// Sets the status and the headers of the answer: the upgrade headers
		/// when accepted, Allow, Upgrade or Sec-WebSocket-Version where an
		/// error status calls for them.

	static std::string computeAccept(const std::string& key);
		/// The Sec-WebSocket-Accept value for a Sec-WebSocket-Key.

private:
	void check(const Poco::Net::HTTPRequest& request, const OriginList& allowedOrigins);
	static std::vector<std::string> listOf(const Poco::Net::HTTPRequest& request, const std::string& header);
	static bool isToken(const std::string& text);
	static bool hasToken(const Poco::Net::HTTPRequest& request, const std::string& header, const std::string& token);
	static bool isValidKey(const std::string& key);

	Poco::Net::HTTPResponse::HTTPStatus _status;
	std::string _error;
	std::string _accept;
	std::vector<std::string> _subprotocols;
	std::string _subprotocol;
	bool _deflateAccepted;
	DeflateParameters _deflateParameters;
	std::string _extensions;  // the Sec-WebSocket-Extensions answer
};


//
// inlines
//
inline bool WebSocketHandshake::accepted() const
{
	return _status == Poco::Net::HTTPResponse::HTTP_SWITCHING_PROTOCOLS;
}


inline Poco::Net::HTTPResponse::HTTPStatus WebSocketHandshake::status() const
{
	return _status;
}


inline const std::string& WebSocketHandshake::error() const
{
	return _error;
}


inline const std::vector<std::string>& WebSocketHandshake::subprotocols() const
{
	return _subprotocols;
}


inline const std::string& WebSocketHandshake::subprotocol() const
{
	return _subprotocol;
}


inline bool WebSocketHandshake::deflateAccepted() const
{
	return _deflateAccepted;
}


inline const DeflateParameters& WebSocketHandshake::deflateParameters() const
{
	return _deflateParameters;
}


} // namespace pocows


#endif // Pocows_WebSocketHandshake_INCLUDED
