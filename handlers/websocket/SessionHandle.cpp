//
// SessionHandle.cpp
//


#include "websocket/SessionHandle.h"
#include "websocket/MessageCompressor.h"
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
	PreparedMessage message(Opcode::TEXT, text.data(), text.size());
	return send(message);
}


bool SessionHandle::sendBinary(const void* data, std::size_t size) const
{
	PreparedMessage message(Opcode::BINARY, static_cast<const char*>(data), size);
	return send(message);
}


bool SessionHandle::send(PreparedMessage& message) const
{
	return _shared && _shared->outbox->post(message.frameFor(*this), message.payloadSize());
}


void SessionHandle::enableCompression(MessageCompressor& compressor, int windowBits) const
{
	_shared->compressor = &compressor;
	_shared->compressionWindowBits = windowBits;
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
