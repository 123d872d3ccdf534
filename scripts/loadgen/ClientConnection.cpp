//
// ClientConnection.cpp
//


#include "ClientConnection.h"
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>


namespace pocows {


namespace
{
	const std::size_t READ_SIZE = 256*1024;
	const std::string KEY("dGhlIHNhbXBsZSBub25jZQ==");
}


const std::string ClientConnection::DEFLATE_OFFER = "permessage-deflate; client_max_window_bits";


ClientConnection::ClientConnection(const sockaddr_in& address, const std::string& host, const std::string& target, const std::string& protocol, int receiveBuffer,
		const std::string& extensions):
	_descriptor(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)),
	_state(CONNECTING),
	_inputConsumed(0),
	_view(nullptr),
	_viewSize(0),
	_outputSent(0),
	_maskSeed(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(this)) | 1)
{
	_handshake =
		"GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
		"Upgrade: websocket\r\nConnection: Upgrade\r\n"
		"Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
		+ (protocol.empty() ? std::string() : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
		+ (extensions.empty() ? std::string() : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
	if (_descriptor < 0)
	{
		fail(std::string("socket: ") + std::strerror(errno));
		return;
	}
	const int one = 1;
	::setsockopt(_descriptor, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (receiveBuffer > 0) ::setsockopt(_descriptor, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof(receiveBuffer));
	if (::connect(_descriptor, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 && errno != EINPROGRESS)
		fail(std::string("connect: ") + std::strerror(errno));
}


ClientConnection::~ClientConnection()
{
	if (_descriptor >= 0) ::close(_descriptor);
}


void ClientConnection::onWritable()
{
	if (_state == CONNECTING)
	{
		int error = 0;
		socklen_t length = sizeof(error);
		::getsockopt(_descriptor, SOL_SOCKET, SO_ERROR, &error, &length);
		if (error != 0)
		{
			fail(std::string("connect: ") + std::strerror(error));
			return;
		}
		_state = HANDSHAKING;
		_output += _handshake;
	}
	flush();
}


void ClientConnection::onReadable()
{
	if (_inputConsumed > 0 && _inputConsumed == _input.size())
	{
		_input.clear();
		_inputConsumed = 0;
	}
	// One process, one thread: a single read buffer serves every connection.
	// With nothing left over, frames are parsed where they were read, not
	// copied first: a fan-out run reads hundreds of thousands of them a second.
	static char buffer[READ_SIZE];
	const ssize_t n = ::recv(_descriptor, buffer, READ_SIZE, 0);
	if (n > 0 && _state == OPEN && _input.empty())
	{
		_view = buffer;
		_viewSize = static_cast<std::size_t>(n);
		return;
	}
	if (n > 0) _input.append(buffer, static_cast<std::size_t>(n));
	if (n == 0)
	{
		if (_state != FAILED) _state = CLOSED;
		return;
	}
	if (n < 0)
	{
		if (errno != EAGAIN && errno != EINTR) fail(std::string("recv: ") + std::strerror(errno));
		return;
	}
	if (_state == HANDSHAKING) checkHandshake();
}


void ClientConnection::checkHandshake()
{
	const std::size_t end = _input.find("\r\n\r\n");
	if (end == std::string::npos) return;
	if (_input.compare(0, 12, "HTTP/1.1 101") != 0)
	{
		fail("handshake refused: " + _input.substr(0, _input.find("\r\n")));
		return;
	}
	std::string head = _input.substr(0, end + 2);
	std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
	const std::string name = "\r\nsec-websocket-extensions:";
	const std::size_t at = head.find(name);
	if (at != std::string::npos)
	{
		std::size_t start = at + name.size();
		while (head[start] == ' ') ++start;
		_extensions = head.substr(start, head.find("\r\n", start) - start);
	}
	_inputConsumed = end + 4;
	_state = OPEN;
}


bool ClientConnection::nextFrame(Frame& frame)
{
	if (_state != OPEN && _state != CLOSED) return false;
	if (_view)
	{
		const std::size_t used = parseFrame(_view, _viewSize, frame);
		if (used > 0)
		{
			_view += used;
			_viewSize -= used;
			return true;
		}
		// Part of a frame: keep it, as the read buffer is about to be reused.
		_input.assign(_view, _viewSize);
		_inputConsumed = 0;
		_view = nullptr;
		_viewSize = 0;
		return false;
	}
	const std::size_t used = parseFrame(_input.data() + _inputConsumed, _input.size() - _inputConsumed, frame);
	_inputConsumed += used;
	return used > 0;
}


std::size_t ClientConnection::parseFrame(const char* data, std::size_t available, Frame& frame)
{
	FrameHeader header;
	std::size_t headerLength = 0;
	if (FrameCodec::decodeHeader(data, available, header, headerLength) != FrameCodec::HEADER_COMPLETE) return 0;
	if (available - headerLength < header.payloadLength) return 0;
	frame.opcode = header.opcode;
	frame.fin = header.fin;
	frame.compressed = (header.rsv & FrameHeader::RSV1) != 0;
	frame.payload = data + headerLength;
	frame.size = static_cast<std::size_t>(header.payloadLength);
	return headerLength + frame.size;
}


void ClientConnection::send(Opcode opcode, const char* data, std::size_t size, bool compressed)
{
	if (_outputSent > 0 && _outputSent == _output.size())
	{
		_output.clear();
		_outputSent = 0;
	}
	// xorshift: masks need not be secret here, only to vary.
	_maskSeed ^= _maskSeed << 13;
	_maskSeed ^= _maskSeed >> 17;
	_maskSeed ^= _maskSeed << 5;
	unsigned char mask[4];
	std::memcpy(mask, &_maskSeed, sizeof(mask));
	char header[FrameCodec::MAX_HEADER_LENGTH];
	const std::size_t headerSize = FrameCodec::encodeHeader(header, opcode, size, true, mask);
	if (compressed) FrameCodec::markCompressed(header);
	_output.append(header, headerSize);
	const std::size_t start = _output.size();
	_output.append(data, size);
	FrameCodec::applyMask(&_output[start], &_output[start], size, mask, 0);
	flush();
}


void ClientConnection::flush()
{
	while (_outputSent < _output.size())
	{
		const ssize_t n = ::send(_descriptor, _output.data() + _outputSent, _output.size() - _outputSent, MSG_NOSIGNAL);
		if (n < 0)
		{
			if (errno != EAGAIN && errno != EINTR) fail(std::string("send: ") + std::strerror(errno));
			return;
		}
		_outputSent += static_cast<std::size_t>(n);
	}
}


void ClientConnection::fail(const std::string& error)
{
	_state = FAILED;
	_error = error;
}


} // namespace pocows
