//
// TestOutbox.cpp
//


#include "support/TestOutbox.h"


namespace pocows {


TestOutbox::TestOutbox(Poco::Net::StreamSocket& socket, const WebSocketSettings& settings):
	_outbox(std::make_shared<Outbox>(socket, settings, _flusher, _metrics))
{
}


WebSocketSettings TestOutbox::withSendTimeout(const Poco::Timespan& sendTimeout)
{
	WebSocketSettings settings;
	settings.sendTimeout = sendTimeout;
	return settings;
}


} // namespace pocows
