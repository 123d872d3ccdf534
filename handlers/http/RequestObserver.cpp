//
// RequestObserver.cpp
//


#include "http/RequestObserver.h"
#include "http/TimedStreamSocketImpl.h"
#include "Poco/Format.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timestamp.h"


using Poco::Net::HTTPResponse;


namespace pocows {


RequestObserver::RequestObserver(Poco::Net::HTTPRequestHandler* handler, ServerMetrics& metrics, Poco::Logger& accessLog):
	_handler(handler),
	_metrics(metrics),
	_accessLog(accessLog)
{
}


void RequestObserver::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	const Poco::Timestamp start;
	auto& requestImpl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
	if (TimedStreamSocketImpl* socket = TimedStreamSocketImpl::of(requestImpl.socket())) socket->requestReceived();
	try
	{
		_handler->handleRequest(request, response);
	}
	catch (...)
	{
		// POCO answers 500 if nothing was sent yet; count and log it as such.
		if (!response.sent()) response.setStatus(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
		_metrics.requestServed(response.getStatus());
		logRequest(request, response, Poco::Timespan(start.elapsed()));
		throw;
	}
	_metrics.requestServed(response.getStatus());
	logRequest(request, response, Poco::Timespan(start.elapsed()));
	// Asked again: a WebSocket handler has taken the socket away from the
	// request, and then there is no next request on it.
	if (TimedStreamSocketImpl* socket = TimedStreamSocketImpl::of(requestImpl.socket())) socket->awaitNextRequest();
}


void RequestObserver::logRequest(const Poco::Net::HTTPServerRequest& request, const Poco::Net::HTTPServerResponse& response, const Poco::Timespan& duration)
{
	if (!_accessLog.information()) return;
	const bool hasBody = response.hasContentLength() && request.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD;
	_accessLog.information(Poco::format("%s \"%s %s %s\" %d %Ld %.3fms",
		request.clientAddress().toString(), request.getMethod(), request.getURI(), request.getVersion(),
		static_cast<int>(response.getStatus()), hasBody ? response.getContentLength64() : Poco::Int64(0),
		duration.totalMicroseconds()/1000.0));
}


} // namespace pocows
