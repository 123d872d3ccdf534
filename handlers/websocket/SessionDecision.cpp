//
// SessionDecision.cpp
//


#include "websocket/SessionDecision.h"
#include "Poco/Exception.h"


namespace pocows {


SessionDecision::SessionDecision(std::unique_ptr<WebSocketSession> session, const std::string& subprotocol, const std::string& reason, int status):
	_session(std::move(session)),
	_subprotocol(subprotocol),
	_reason(reason),
	_status(status)
{
}


SessionDecision SessionDecision::accept(std::unique_ptr<WebSocketSession> session, const std::string& subprotocol)
{
	if (!session) throw Poco::NullPointerException("SessionDecision::accept() needs a session");
	return SessionDecision(std::move(session), subprotocol, std::string(), 0);
}


SessionDecision SessionDecision::refuse(const std::string& reason, int status)
{
	return SessionDecision(nullptr, std::string(), reason, status);
}


std::unique_ptr<WebSocketSession> SessionDecision::takeSession()
{
	return std::move(_session);
}


} // namespace pocows
