//
// WebSocketHandshake.h
//
// The server's side of the RFC 6455 opening handshake.
//


#ifndef Pocows_WebSocketHandshake_INCLUDED
#define Pocows_WebSocketHandshake_INCLUDED


#include "rfc6455/OriginList.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include <string>


namespace pocows {


class WebSocketHandshake
	/// Checks a client's opening handshake (RFC 6455 section 4.2.1) for a
	/// service that requires one subprotocol, and says how to answer it:
	/// 101 with the accept key and the subprotocol, or an error status with
	/// the reason in plain words.
{
public:
	static const std::string WEBSOCKET_VERSION;

	WebSocketHandshake(const Poco::Net::HTTPRequest& request, const std::string& subprotocol, const OriginList& allowedOrigins = OriginList());
		/// Examines the request; nothing is sent. A request from an origin
		/// that allowedOrigins does not allow is refused with 403.

	bool accepted() const;

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
	void refuse(Poco::Net::HTTPResponse::HTTPStatus status, const std::string& error);
	static bool hasToken(const Poco::Net::HTTPRequest& request, const std::string& header, const std::string& token, bool ignoreCase = true);
	static bool isValidKey(const std::string& key);

	const std::string _subprotocol;
	Poco::Net::HTTPResponse::HTTPStatus _status;
	std::string _error;
	std::string _accept;
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


} // namespace pocows


#endif // Pocows_WebSocketHandshake_INCLUDED
