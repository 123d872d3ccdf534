//
// TestWebSocketClient.cpp
//


#include "support/TestWebSocketClient.h"
#include "support/SocketPair.h"
#include "Poco/Exception.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include <cstdlib>


namespace pocows {


namespace
{
	const unsigned char MASK[4] = {0x37, 0xFA, 0x21, 0x3D};
	const Poco::Timespan DEFAULT_TIMEOUT(10, 0);
}


const std::string TestWebSocketClient::SAMPLE_KEY("dGhlIHNhbXBsZSBub25jZQ==");


unsigned short TestWebSocketClient::Frame::closeCode() const
{
	if (payload.size() < 2) return 1005;
	return static_cast<unsigned short>((static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]));
}


std::string TestWebSocketClient::Frame::closeReason() const
{
	return payload.size() > 2 ? payload.substr(2) : std::string();
}


TestWebSocketClient::TestWebSocketClient(Poco::UInt16 port, const std::string& protocols, const std::string& afterRequest, const std::string& from):
	_status(0)
{
	connect(port, handshakeRequest(protocols) + afterRequest, from);
}


TestWebSocketClient::TestWebSocketClient(Poco::UInt16 port, const std::string& request, bool):
	_status(0)
{
	connect(port, request);
}


TestWebSocketClient::TestWebSocketClient(const Poco::Net::StreamSocket& connected):
	_socket(connected),
	_status(101)
{
	_socket.setReceiveTimeout(DEFAULT_TIMEOUT);
	_socket.setNoDelay(true);
}


void TestWebSocketClient::connect(Poco::UInt16 port, const std::string& request, const std::string& from)
{
	if (!from.empty()) _socket = socketFrom(from);
	_socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), DEFAULT_TIMEOUT);
	_socket.setReceiveTimeout(DEFAULT_TIMEOUT);
	_socket.setNoDelay(true);
	sendRaw(request);
	std::size_t end;
	while ((end = _buffer.find("\r\n\r\n")) == std::string::npos)
	{
		if (!fill()) throw Poco::Net::NetException("connection closed during the handshake");
	}
	_head = _buffer.substr(0, end + 4);
	_buffer.erase(0, end + 4);
	_status = std::atoi(_head.substr(9, 3).c_str());
}


std::string TestWebSocketClient::handshakeRequest(const std::string& protocols, const std::string& extraHeaders, const std::string& target)
{
	std::string request =
		"GET " + target + " HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n"
		"Upgrade: websocket\r\n"
		"Connection: Upgrade\r\n"
		"Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n"
		"Sec-WebSocket-Version: 13\r\n";
	if (!protocols.empty()) request += "Sec-WebSocket-Protocol: " + protocols + "\r\n";
	return request + extraHeaders + "\r\n";
}


std::string TestWebSocketClient::header(const std::string& name) const
{
	std::size_t pos = 0;
	while ((pos = _head.find("\r\n", pos)) != std::string::npos)
	{
		pos += 2;
		const std::size_t colon = _head.find(':', pos);
		const std::size_t lineEnd = _head.find("\r\n", pos);
		if (colon == std::string::npos || lineEnd == std::string::npos || colon > lineEnd) continue;
		if (Poco::icompare(_head.substr(pos, colon - pos), name) == 0)
			return Poco::trim(_head.substr(colon + 1, lineEnd - colon - 1));
	}
	return std::string();
}


std::string TestWebSocketClient::responseBody()
{
	const std::size_t length = Poco::NumberParser::parseUnsigned(header("Content-Length"));
	while (_buffer.size() < length)
	{
		if (!fill()) break;
	}
	const std::string body = _buffer.substr(0, length);
	_buffer.erase(0, length);
	return body;
}


std::string TestWebSocketClient::frame(unsigned char opcode, const std::string& payload, bool fin, unsigned char rsv, bool masked)
{
	std::string bytes;
	bytes += static_cast<char>((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0x0F));
	const unsigned char maskBit = masked ? 0x80 : 0;
	const std::size_t length = payload.size();
	if (length < 126)
	{
		bytes += static_cast<char>(maskBit | length);
	}
	else if (length < 65536)
	{
		bytes += static_cast<char>(maskBit | 126);
		bytes += static_cast<char>(length >> 8);
		bytes += static_cast<char>(length & 0xFF);
	}
	else
	{
		bytes += static_cast<char>(maskBit | 127);
		for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>((static_cast<unsigned long long>(length) >> shift) & 0xFF);
	}
	if (!masked) return bytes + payload;
	bytes.append(reinterpret_cast<const char*>(MASK), 4);
	for (std::size_t i = 0; i < length; ++i) bytes += static_cast<char>(payload[i] ^ MASK[i % 4]);
	return bytes;
}


std::string TestWebSocketClient::closePayload(unsigned short code, const std::string& reason)
{
	std::string payload;
	payload += static_cast<char>(code >> 8);
	payload += static_cast<char>(code & 0xFF);
	return payload + reason;
}


void TestWebSocketClient::send(unsigned char opcode, const std::string& payload, bool fin)
{
	sendRaw(frame(opcode, payload, fin));
}


void TestWebSocketClient::sendRaw(const std::string& bytes)
{
	std::size_t sent = 0;
	while (sent < bytes.size())
	{
		sent += static_cast<std::size_t>(_socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
	}
}


bool TestWebSocketClient::fill()
{
	char chunk[65536];
	const int n = _socket.receiveBytes(chunk, sizeof(chunk));
	if (n <= 0) return false;
	_buffer.append(chunk, static_cast<std::size_t>(n));
	return true;
}


TestWebSocketClient::Frame TestWebSocketClient::receive()
{
	for (;;)
	{
		if (_buffer.size() >= 2)
		{
			const unsigned char* p = reinterpret_cast<const unsigned char*>(_buffer.data());
			const unsigned length7 = p[1] & 0x7F;
			const std::size_t extended = length7 == 126 ? 2 : (length7 == 127 ? 8 : 0);
			const std::size_t headerLength = 2 + extended + ((p[1] & 0x80) ? 4 : 0);
			if (_buffer.size() >= headerLength)
			{
				unsigned long long length = extended ? 0 : length7;
				for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | p[2 + i];
				if (_buffer.size() >= headerLength + length)
				{
					Frame frame;
					frame.fin = (p[0] & 0x80) != 0;
					frame.rsv = (p[0] >> 4) & 0x7;
					frame.opcode = p[0] & 0x0F;
					frame.payload = _buffer.substr(headerLength, static_cast<std::size_t>(length));
					_buffer.erase(0, headerLength + static_cast<std::size_t>(length));
					return frame;
				}
			}
		}
		if (!fill()) throw Poco::Net::NetException("end of stream while waiting for a frame");
	}
}


bool TestWebSocketClient::receiveEnd()
{
	if (!_buffer.empty()) return false;
	try
	{
		return !fill();
	}
	catch (Poco::Net::ConnectionResetException&)
	{
		return true;
	}
}


void TestWebSocketClient::answerShutdown()
{
	Frame frame = receive();
	while (frame.opcode == 0x9)
	{
		send(0xA, frame.payload);
		frame = receive();
	}
	if (frame.opcode != 0x8 || frame.closeCode() != 1001 || frame.closeReason() != "server shutting down")
		throw Poco::AssertionViolationException("expected close 1001 \"server shutting down\", got opcode " + std::to_string(frame.opcode)
			+ " code " + std::to_string(frame.closeCode()) + " \"" + frame.closeReason() + "\"");
	send(0x8, closePayload(1001));
}


std::string TestWebSocketClient::echo(unsigned char opcode, const std::string& payload)
{
	send(opcode, payload);
	const Frame reply = receive();
	if (!reply.fin || reply.opcode != opcode) throw Poco::AssertionViolationException("reply is not one final frame of the same type");
	return reply.payload;
}


void TestWebSocketClient::setTimeout(const Poco::Timespan& timeout)
{
	_socket.setReceiveTimeout(timeout);
}


} // namespace pocows
