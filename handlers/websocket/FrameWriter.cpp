//
// FrameWriter.cpp
//


#include "websocket/FrameWriter.h"
#include "Poco/Exception.h"


namespace pocows {


namespace
{
	bool isData(Opcode opcode)
	{
		return opcode == Opcode::TEXT || opcode == Opcode::BINARY;
	}
}


FrameWriter::FrameWriter(Outbox& outbox):
	_outbox(outbox),
	_inMessage(false),
	_messageType(Opcode::BINARY),
	_compressor(nullptr),
	_keepContext(false),
	_windowBits(15)
{
}


void FrameWriter::enableCompression(MessageCompressor& compressor, const DeflateParameters& parameters)
{
	_compressor = &compressor;
	_keepContext = !parameters.serverNoContextTakeover;
	_windowBits = parameters.serverWindowBits;
}


void FrameWriter::sendData(Opcode type, const char* data, std::size_t size, bool final, bool coalesce)
{
	const Opcode opcode = frameOpcode(type, data, size, final);
	if (_compressor && opcode == type && final && _compressor->worthCompressing(size))
		return sendCompressed(type, data, size, coalesce);
	char header[FrameCodec::MAX_HEADER_LENGTH];
	const std::size_t headerSize = FrameCodec::encodeHeader(header, opcode, size, final);
	_outbox.send(header, headerSize, data, size, coalesce);
}


Opcode FrameWriter::frameOpcode(Opcode type, const char* data, std::size_t size, bool final)
	/// Checks the send against the message in progress, and says which opcode its frame gets.
{
	if (!isData(type)) throw Poco::InvalidArgumentException("a message is TEXT or BINARY");
	if (_inMessage && type != _messageType)
		throw Poco::InvalidAccessException("a fragmented message is still open: finish it first");
	const bool continuation = _inMessage;
	// A whole message is the sender's to get right, as ever (an echo's text
	// was checked on the way in); a fragment's boundary may cut a character
	// in two, so fragments are checked here, across their boundaries.
	const bool fragmented = continuation || !final;
	if (type == Opcode::TEXT && fragmented)
	{
		// Checked on a copy: a refused fragment leaves the message as it was.
		Utf8Validator text = _utf8;
		if (!continuation) text.reset();
		if (!text.feed(data, size) || (final && !text.complete()))
			throw Poco::InvalidArgumentException("text message is not valid UTF-8");
		_utf8 = text;
	}
	_inMessage = !final;
	_messageType = type;
	return continuation ? Opcode::CONTINUATION : type;
}


void FrameWriter::sendCompressed(Opcode type, const char* data, std::size_t size, bool coalesce)
{
	// A fresh buffer each time: one kept per session would stay with every
	// idle one, and it costs little beside the compression.
	std::string compressed;
	if (_keepContext)
	{
		if (!_deflater) _deflater = _compressor->sessionDeflater(_windowBits);
		_compressor->compress(*_deflater, data, size, compressed);
	}
	else _compressor->compress(data, size, _windowBits, compressed);
	char header[FrameCodec::MAX_HEADER_LENGTH];
	const std::size_t headerSize = FrameCodec::encodeHeader(header, type, compressed.size());
	FrameCodec::markCompressed(header);
	_outbox.send(header, headerSize, compressed.data(), compressed.size(), coalesce);
}


void FrameWriter::sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce)
{
	_outbox.sendControl(opcode, data, size, coalesce);
}


} // namespace pocows
