//
// FrameCodec.h
//
// The RFC 6455 frame format: header encoding and decoding, masking, close codes.
//


#ifndef Pocows_FrameCodec_INCLUDED
#define Pocows_FrameCodec_INCLUDED


#include <cstddef>
#include <cstdint>
#include <string>


namespace pocows {


enum class Opcode: unsigned char
{
	CONTINUATION = 0x0,
	TEXT         = 0x1,
	BINARY       = 0x2,
	CLOSE        = 0x8,
	PING         = 0x9,
	PONG         = 0xA
};


namespace CloseCode
	/// Status codes of RFC 6455 section 7.4.1 that the server sends.
{
	const unsigned short NORMAL           = 1000;
	const unsigned short GOING_AWAY       = 1001;
	const unsigned short PROTOCOL_ERROR   = 1002;
	const unsigned short NO_STATUS        = 1005; ///< never sent; stands for "close frame without a code"
	const unsigned short ABNORMAL         = 1006; ///< never sent; stands for "no close frame at all"
	const unsigned short INVALID_PAYLOAD  = 1007;
	const unsigned short POLICY_VIOLATION = 1008;
	const unsigned short MESSAGE_TOO_BIG  = 1009;
	const unsigned short INTERNAL_ERROR   = 1011;
	const unsigned short TRY_AGAIN_LATER  = 1013; ///< registered by IANA: the server is overloaded
}


struct FrameHeader
{
	bool fin = false;
	unsigned char rsv = 0;             ///< the three reserved bits, RSV1 as 0x4
	unsigned char opcode = 0;          ///< raw 4-bit opcode, possibly a reserved one
	bool masked = false;
	std::uint64_t payloadLength = 0;
	unsigned char mask[4] = {0, 0, 0, 0};

	static constexpr unsigned char RSV1 = 0x4;
		///< in rsv: with permessage-deflate, the message is compressed
};


class FrameCodec
	/// Stateless helpers for the wire format of WebSocket frames.
{
public:
	enum HeaderStatus
	{
		HEADER_INCOMPLETE, ///< more bytes are needed
		HEADER_COMPLETE,
		HEADER_MALFORMED   ///< length not in its shortest form, or with the top bit set
	};

	static const std::size_t MAX_HEADER_LENGTH = 14;
	static const std::size_t MAX_CONTROL_PAYLOAD = 125;

	static HeaderStatus decodeHeader(const char* data, std::size_t size, FrameHeader& header, std::size_t& headerLength);
		/// Decodes the frame header at the start of data. On HEADER_COMPLETE,
		/// headerLength is the number of bytes the header took.

	static std::size_t encodeHeader(char* out, Opcode opcode, std::uint64_t payloadLength, bool fin = true, const unsigned char* mask = nullptr);
		/// Writes a header of at most MAX_HEADER_LENGTH bytes to out and returns
		/// its length. A server sends unmasked frames; a client passes a 4-byte mask.

	static void markCompressed(char* header);
		/// Sets RSV1 in an encoded header: the frame is the first of a message
		/// compressed with permessage-deflate (RFC 7692 section 6).

	static void applyMask(const char* source, char* destination, std::size_t size, const unsigned char mask[4], std::uint64_t offset);
		/// XORs size bytes with the mask, starting at byte offset of the payload,
		/// so that a payload can be unmasked in pieces. Source and destination
		/// may be the same buffer.

	static bool isControl(unsigned char opcode);

	static bool isValidReceivedCloseCode(unsigned code);
		/// Returns true if a peer may send this code in a close frame
		/// (RFC 6455 section 7.4 and the IANA registry).

	static std::string closePayload(unsigned short code, const std::string& reason);
		/// The payload of a close frame: the code in network byte order and
		/// the reason, cut to fit a control frame at a UTF-8 character boundary.
};


inline void FrameCodec::markCompressed(char* header)
{
	// The reserved bits are bits 6 to 4 of the first byte, RSV1 the highest.
	header[0] = static_cast<char>(header[0] | (FrameHeader::RSV1 << 4));
}


inline bool FrameCodec::isControl(unsigned char opcode)
{
	return (opcode & 0x8) != 0;
}


} // namespace pocows


#endif // Pocows_FrameCodec_INCLUDED
