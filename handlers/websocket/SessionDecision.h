//
// SessionDecision.h
//
// What a WebSocket route answers a handshake: a session with its subprotocol, or a refusal.
//


#ifndef Pocows_SessionDecision_INCLUDED
#define Pocows_SessionDecision_INCLUDED


#include "websocket/WebSocketSession.h"
#include <memory>
#include <string>


namespace pocows {


class SessionDecision
	/// A route's factory returns one of these for every valid handshake on
	/// its path: accept() with the session to run and the subprotocol it
	/// selected (one of those the client offered, or none), or refuse() with
	/// a reason, which the client gets as the body of a 400 (or of the
	/// status given, such as 403).
{
public:
	static SessionDecision accept(std::unique_ptr<WebSocketSession> session, const std::string& subprotocol = std::string());
		/// session must not be null.

	static SessionDecision refuse(const std::string& reason, int status = 400);

	bool accepted() const;

	std::unique_ptr<WebSocketSession> takeSession();

	const std::string& subprotocol() const;

	const std::string& reason() const;
		/// Why it was refused.

	int status() const;
		/// The HTTP status of a refusal.

private:
	SessionDecision(std::unique_ptr<WebSocketSession> session, const std::string& subprotocol, const std::string& reason, int status);

	std::unique_ptr<WebSocketSession> _session;
	std::string _subprotocol;
	std::string _reason;
	int _status;
};


//
// inlines
//
inline bool SessionDecision::accepted() const
{
	return _session != nullptr;
}


inline const std::string& SessionDecision::subprotocol() const
{
	return _subprotocol;
}


inline const std::string& SessionDecision::reason() const
{
	return _reason;
}


inline int SessionDecision::status() const
{
	return _status;
}


} // namespace pocows


#endif // Pocows_SessionDecision_INCLUDED
