//
// PreparedMessage.cpp
//


#include "websocket/PreparedMessage.h"
#include "websocket/MessageCompressor.h"
#include "websocket/SessionHandle.h"


namespace pocows {


PreparedMessage::PreparedMessage(Opcode type, const char* data, std::size_t size):
	_type(type),
	_data(data),
	_size(size)
{
}


const Outbox::Frame& PreparedMessage::frameFor(const SessionHandle& session)
{
	MessageCompressor* compressor = session.compressor();
	if (compressor && compressor->worthCompressing(_size))
	{
		const int windowBits = session.compressionWindowBits();
		Outbox::Frame& frame = _compressed[static_cast<std::size_t>(windowBits - MIN_WINDOW_BITS)];
		if (!frame) frame = compressor->compressedFrame(_type, _data, _size, windowBits);
		return frame;
	}
	if (!_plain) _plain = Outbox::makeFrame(_type, _data, _size);
	return _plain;
}


} // namespace pocows
