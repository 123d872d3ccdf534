//
// SessionHandle.cpp
//


#include "websocket/SessionHandle.h"
#include <atomic>


namespace pocows {


namespace
{
	std::atomic<std::uint64_t> lastSessionId(0);
}


SessionHandle::SessionHandle()
{
}


SessionHandle::SessionHandle(std::shared_ptr<Outbox> outbox, const Poco::Net::SocketAddress& peerAddress):
	_shared(std::make_shared<Shared>())
{
	_shared->outbox = std::move(outbox);
	_shared->id = ++lastSessionId;
	_shared->peerAddress = peerAddress;
}


bool SessionHandle::sendText(const std::string& text) const
{
	return send(Outbox::makeFrame(Opcode::TEXT, text.data(), text.size()));
}


bool SessionHandle::sendBinary(const void* data, std::size_t size) const
{
	return send(Outbox::makeFrame(Opcode::BINARY, static_cast<const char*>(data), size));
}


bool SessionHandle::send(const Outbox::Frame& frame) const
{
	return _shared && _shared->outbox->post(frame);
}


void SessionHandle::close(unsigned short code, const std::string& reason) const
{
	if (_shared) _shared->outbox->closeFromOutside(code, reason);
}


bool SessionHandle::isOpen() const
{
	return _shared && !_shared->outbox->closeQueued() && _shared->outbox->descriptor() != POCO_INVALID_SOCKET;
}


std::size_t SessionHandle::queuedBytes() const
{
	return _shared ? _shared->outbox->queuedBytes() : 0;
}


} // namespace pocows
