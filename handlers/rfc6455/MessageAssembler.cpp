//
// MessageAssembler.cpp
//


#include "rfc6455/MessageAssembler.h"
#include <algorithm>
#include <cstring>


namespace pocows {


namespace
{
	// A header may announce up to the size limit before a byte of payload has
	// arrived; reserve no more than this up front so that a lie costs little.
	const std::size_t MAX_EAGER_RESERVE = 1024*1024;

	// A compressed payload is unmasked into a piece of at most this size
	// before it is inflated: the input it came in is the caller's.
	const std::size_t UNMASK_PIECE = 16*1024;
}


MessageAssembler::MessageAssembler(std::size_t maxMessageSize):
	_maxMessageSize(maxMessageSize),
	_state(STATE_HEADER),
	_event(EVENT_NONE),
	_headerFill(0),
	_payloadReceived(0),
	_inMessage(false),
	_messageType(Opcode::BINARY),
	_compressed(false),
	_wireSize(0),
	_pool(nullptr),
	_keepInflater(false),
	_clientWindowBits(15),
	_lent(nullptr, ZlibStreamPool::InflaterReturn{nullptr}),
	_inflater(nullptr),
	_errorCode(0)
{
}


void MessageAssembler::enableInflate(ZlibStreamPool& pool, const DeflateParameters& parameters)
{
	_pool = &pool;
	_keepInflater = !parameters.clientNoContextTakeover;
	_clientWindowBits = parameters.clientWindowBits;
}


std::size_t MessageAssembler::feed(const char* data, std::size_t size)
{
	_event = _state == STATE_FAILED ? EVENT_ERROR : EVENT_NONE;
	std::size_t consumed = 0;
	while (_event == EVENT_NONE && consumed < size)
	{
		if (_state == STATE_HEADER)
			consumed += takeHeader(data + consumed, size - consumed);
		else
			consumed += takePayload(data + consumed, size - consumed);
	}
	return consumed;
}


std::size_t MessageAssembler::takeHeader(const char* data, std::size_t size)
{
	std::size_t headerLength = 0;
	std::size_t taken = 0;
	FrameCodec::HeaderStatus status;
	if (_headerFill == 0)
	{
		status = FrameCodec::decodeHeader(data, size, _header, headerLength);
		if (status == FrameCodec::HEADER_INCOMPLETE)
		{
			std::memcpy(_headerBytes, data, size);
			_headerFill = size;
			return size;
		}
		taken = headerLength;
	}
	else
	{
		const std::size_t n = std::min(size, FrameCodec::MAX_HEADER_LENGTH - _headerFill);
		std::memcpy(_headerBytes + _headerFill, data, n);
		status = FrameCodec::decodeHeader(_headerBytes, _headerFill + n, _header, headerLength);
		if (status == FrameCodec::HEADER_INCOMPLETE)
		{
			_headerFill += n;
			return n;
		}
		taken = headerLength - _headerFill;
		_headerFill = 0;
	}
	if (status == FrameCodec::HEADER_MALFORMED)
	{
		fail(CloseCode::PROTOCOL_ERROR, "frame length not in its shortest form or too large");
		return taken;
	}
	if (!checkHeader()) return taken;

	_payloadReceived = 0;
	_state = STATE_PAYLOAD;
	if (_header.payloadLength == 0) finishFrame();
	return taken;
}


bool MessageAssembler::checkHeader()
{
	const unsigned char opcode = _header.opcode;
	switch (static_cast<Opcode>(opcode))
	{
	case Opcode::CONTINUATION: case Opcode::TEXT: case Opcode::BINARY:
	case Opcode::CLOSE: case Opcode::PING: case Opcode::PONG:
		break;
	default:
		fail(CloseCode::PROTOCOL_ERROR, "reserved opcode " + std::to_string(opcode));
		return false;
	}
	if (!_header.masked)
	{
		fail(CloseCode::PROTOCOL_ERROR, "client frame is not masked");
		return false;
	}
	const bool continuation = static_cast<Opcode>(opcode) == Opcode::CONTINUATION;
	if (!checkReservedBits(continuation)) return false;
	if (FrameCodec::isControl(opcode))
	{
		if (!_header.fin)
		{
			fail(CloseCode::PROTOCOL_ERROR, "fragmented control frame");
			return false;
		}
		if (_header.payloadLength > FrameCodec::MAX_CONTROL_PAYLOAD)
		{
			fail(CloseCode::PROTOCOL_ERROR, "control frame payload over 125 bytes");
			return false;
		}
		_control.clear();
		return true;
	}

	if (continuation && !_inMessage)
	{
		fail(CloseCode::PROTOCOL_ERROR, "continuation frame without a message to continue");
		return false;
	}
	if (!continuation && _inMessage)
	{
		fail(CloseCode::PROTOCOL_ERROR, "new message started inside a fragmented message");
		return false;
	}
	if (!continuation)
	{
		_inMessage = true;
		_messageType = static_cast<Opcode>(opcode);
		_message.clear();
		_utf8.reset();
		_wireSize = 0;
		_compressed = (_header.rsv & FrameHeader::RSV1) != 0;
		if (_compressed) startInflating();
	}
	// What a compressed message inflates to is counted as it comes; what
	// its frames carry may not pass the limit either.
	if (_header.payloadLength > _maxMessageSize - _wireSize)
	{
		fail(CloseCode::MESSAGE_TOO_BIG, "message larger than " + std::to_string(_maxMessageSize) + " bytes");
		return false;
	}
	_wireSize += _header.payloadLength;
	if (!_compressed)
	{
		const std::size_t frameLength = static_cast<std::size_t>(_header.payloadLength);
		_message.reserve(_message.size() + std::min(frameLength, MAX_EAGER_RESERVE));
	}
	return true;
}


bool MessageAssembler::checkReservedBits(bool continuation)
{
	// RFC 7692 section 6: permessage-deflate gives RSV1 a meaning on the
	// first frame of a data message, and on no other frame.
	const unsigned char allowed = _pool ? FrameHeader::RSV1 : 0;
	if ((_header.rsv & ~allowed) != 0)
	{
		fail(CloseCode::PROTOCOL_ERROR, _pool ? "reserved bits RSV2 or RSV3 set" : "reserved bits set, but no extension was negotiated");
		return false;
	}
	if ((_header.rsv & FrameHeader::RSV1) == 0) return true;
	if (FrameCodec::isControl(_header.opcode))
	{
		fail(CloseCode::PROTOCOL_ERROR, "RSV1 set on a control frame");
		return false;
	}
	if (continuation)
	{
		fail(CloseCode::PROTOCOL_ERROR, "RSV1 set on a continuation frame");
		return false;
	}
	return true;
}


void MessageAssembler::startInflating()
{
	if (_keepInflater)
	{
		if (!_own) _own.reset(new MessageInflater(_clientWindowBits));
		_inflater = _own.get();
	}
	else
	{
		_lent = _pool->inflater();
		_inflater = _lent.get();
	}
}


void MessageAssembler::finishInflating()
{
	_inflater = nullptr;
	_lent.reset();
	std::string().swap(_unmasked);
}


std::size_t MessageAssembler::takePayload(const char* data, std::size_t size)
{
	const std::uint64_t remaining = _header.payloadLength - _payloadReceived;
	const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(size, remaining));
	const bool control = FrameCodec::isControl(_header.opcode);
	if (!control && _compressed) return takeCompressed(data, n);
	std::string& destination = control ? _control : _message;
	const std::size_t start = destination.size();
	destination.append(data, n);
	char* chunk = &destination[start];
	FrameCodec::applyMask(chunk, chunk, n, _header.mask, _payloadReceived);
	_payloadReceived += n;

	if (!control && _messageType == Opcode::TEXT && !_utf8.feed(chunk, n))
	{
		fail(CloseCode::INVALID_PAYLOAD, "text message is not valid UTF-8");
		return n;
	}
	if (_payloadReceived == _header.payloadLength) finishFrame();
	return n;
}


std::size_t MessageAssembler::takeCompressed(const char* data, std::size_t size)
{
	// On the heap, and only while a compressed message arrives: a piece on
	// the stack would stay resident in every session thread.
	const std::size_t piece = std::min(size, UNMASK_PIECE);
	if (_unmasked.size() < piece) _unmasked.resize(piece);
	std::size_t taken = 0;
	while (taken < size)
	{
		const std::size_t n = std::min(size - taken, _unmasked.size());
		FrameCodec::applyMask(data + taken, &_unmasked[0], n, _header.mask, _payloadReceived);
		_payloadReceived += n;
		taken += n;
		const std::size_t from = _message.size();
		if (!inflated(_inflater->inflate(_unmasked.data(), n, _message, _maxMessageSize), from)) return taken;
	}
	if (_payloadReceived == _header.payloadLength) finishFrame();
	return taken;
}


bool MessageAssembler::inflated(MessageInflater::Result result, std::size_t from)
	/// Checks the text the inflater added, then what it said of the rest:
	/// faults are reported in the order of the message's bytes.
{
	if (_messageType == Opcode::TEXT && !_utf8.feed(_message.data() + from, _message.size() - from))
	{
		fail(CloseCode::INVALID_PAYLOAD, "text message is not valid UTF-8");
		return false;
	}
	switch (result)
	{
	case MessageInflater::RESULT_TOO_BIG:
		fail(CloseCode::MESSAGE_TOO_BIG, "message inflates to more than " + std::to_string(_maxMessageSize) + " bytes");
		return false;
	case MessageInflater::RESULT_CORRUPT:
		fail(CloseCode::INVALID_PAYLOAD, "compressed message is not valid deflate data");
		return false;
	default:
		return true;
	}
}


void MessageAssembler::finishFrame()
{
	_state = STATE_HEADER;
	switch (static_cast<Opcode>(_header.opcode))
	{
	case Opcode::PING:
		_event = EVENT_PING;
		return;
	case Opcode::PONG:
		_event = EVENT_PONG;
		return;
	case Opcode::CLOSE:
		finishClose();
		return;
	default:
		break;
	}
	if (!_header.fin) return;
	if (_compressed)
	{
		const std::size_t from = _message.size();
		if (!inflated(_inflater->finish(_message, _maxMessageSize), from)) return;
		finishInflating();
	}
	if (_messageType == Opcode::TEXT && !_utf8.complete())
	{
		fail(CloseCode::INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
		return;
	}
	_inMessage = false;
	_event = EVENT_MESSAGE;
}


void MessageAssembler::finishClose()
{
	if (_control.size() == 1)
	{
		fail(CloseCode::PROTOCOL_ERROR, "close frame with a one-byte payload");
		return;
	}
	if (_control.size() >= 2)
	{
		const unsigned code = closeCode();
		if (!FrameCodec::isValidReceivedCloseCode(code))
		{
			fail(CloseCode::PROTOCOL_ERROR, "invalid close code " + std::to_string(code));
			return;
		}
		Utf8Validator reason;
		if (!reason.feed(_control.data() + 2, _control.size() - 2) || !reason.complete())
		{
			fail(CloseCode::INVALID_PAYLOAD, "close reason is not valid UTF-8");
			return;
		}
	}
	_event = EVENT_CLOSE;
}


unsigned short MessageAssembler::closeCode() const
{
	if (_control.size() < 2) return CloseCode::NO_STATUS;
	const unsigned char high = static_cast<unsigned char>(_control[0]);
	const unsigned char low = static_cast<unsigned char>(_control[1]);
	return static_cast<unsigned short>((high << 8) | low);
}


std::string MessageAssembler::closeReason() const
{
	return _control.size() > 2 ? _control.substr(2) : std::string();
}


void MessageAssembler::fail(unsigned short code, const std::string& reason)
{
	_state = STATE_FAILED;
	_event = EVENT_ERROR;
	_errorCode = code;
	_errorReason = reason;
}


} // namespace pocows
