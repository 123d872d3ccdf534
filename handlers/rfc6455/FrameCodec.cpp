//
// FrameCodec.cpp
//


#include "rfc6455/FrameCodec.h"
#include <cstring>


namespace pocows {


FrameCodec::HeaderStatus FrameCodec::decodeHeader(const char* data, std::size_t size, FrameHeader& header, std::size_t& headerLength)
{
	if (size < 2) return HEADER_INCOMPLETE;
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	header.fin = (p[0] & 0x80) != 0;
	header.rsv = (p[0] >> 4) & 0x7;
	header.opcode = p[0] & 0x0F;
	header.masked = (p[1] & 0x80) != 0;
	std::uint64_t length = p[1] & 0x7F;
	std::size_t needed = 2 + (header.masked ? 4 : 0);
	std::size_t extended = 0;
	if (length == 126) extended = 2;
	else if (length == 127) extended = 8;
	needed += extended;
	if (size < needed) return HEADER_INCOMPLETE;

	if (extended > 0)
	{
		length = 0;
		for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | p[2 + i];
		// RFC 6455 section 5.2: the minimal number of bytes MUST be used, and
		// the most significant bit of a 64-bit length MUST be 0.
		if (extended == 2 && length < 126) return HEADER_MALFORMED;
		if (extended == 8 && (length <= 0xFFFF || (length >> 63) != 0)) return HEADER_MALFORMED;
	}
	header.payloadLength = length;
	if (header.masked) std::memcpy(header.mask, p + 2 + extended, 4);
	headerLength = needed;
	return HEADER_COMPLETE;
}


std::size_t FrameCodec::encodeHeader(char* out, Opcode opcode, std::uint64_t payloadLength, bool fin, const unsigned char* mask)
{
	unsigned char* p = reinterpret_cast<unsigned char*>(out);
	p[0] = static_cast<unsigned char>((fin ? 0x80 : 0) | static_cast<unsigned char>(opcode));
	const unsigned char maskBit = mask ? 0x80 : 0;
	std::size_t n = 2;
	if (payloadLength < 126)
	{
		p[1] = static_cast<unsigned char>(maskBit | payloadLength);
	}
	else if (payloadLength <= 0xFFFF)
	{
		p[1] = maskBit | 126;
		p[2] = static_cast<unsigned char>(payloadLength >> 8);
		p[3] = static_cast<unsigned char>(payloadLength);
		n = 4;
	}
	else
	{
		p[1] = maskBit | 127;
		for (int i = 0; i < 8; ++i) p[2 + i] = static_cast<unsigned char>(payloadLength >> (8*(7 - i)));
		n = 10;
	}
	if (mask)
	{
		std::memcpy(p + n, mask, 4);
		n += 4;
	}
	return n;
}


void FrameCodec::applyMask(const char* source, char* destination, std::size_t size, const unsigned char mask[4], std::uint64_t offset)
{
	unsigned char rotated[8];
	for (int i = 0; i < 8; ++i) rotated[i] = mask[(offset + i) % 4];
	std::uint64_t wordMask;
	std::memcpy(&wordMask, rotated, sizeof(wordMask));

	std::size_t i = 0;
	for (; i + 8 <= size; i += 8)
	{
		std::uint64_t word;
		std::memcpy(&word, source + i, sizeof(word));
		word ^= wordMask;
		std::memcpy(destination + i, &word, sizeof(word));
	}
	for (; i < size; ++i)
	{
		destination[i] = static_cast<char>(source[i] ^ rotated[i % 8]);
	}
}


bool FrameCodec::isValidReceivedCloseCode(unsigned code)
{
	if (code >= 3000 && code <= 4999) return true;
	switch (code)
	{
	case 1000: case 1001: case 1002: case 1003:
	case 1007: case 1008: case 1009: case 1010: case 1011:
	case 1012: case 1013: case 1014:
		return true;
	default:
		return false;
	}
}


std::string FrameCodec::closePayload(unsigned short code, const std::string& reason)
{
	std::size_t reasonLength = reason.size();
	if (reasonLength > MAX_CONTROL_PAYLOAD - 2)
	{
		reasonLength = MAX_CONTROL_PAYLOAD - 2;
		// Do not cut a multi-byte character in two: back up over continuation bytes.
		while (reasonLength > 0 && (static_cast<unsigned char>(reason[reasonLength]) & 0xC0) == 0x80) --reasonLength;
	}
	std::string payload;
	payload.reserve(2 + reasonLength);
	payload += static_cast<char>(code >> 8);
	payload += static_cast<char>(code & 0xFF);
	payload.append(reason, 0, reasonLength);
	return payload;
}


} // namespace pocows
