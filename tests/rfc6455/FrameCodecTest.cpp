//
// FrameCodecTest.cpp
//


#include "rfc6455/FrameCodec.h"
#include "support/TestWebSocketClient.h"
#include <cppunit/extensions/HelperMacros.h>


namespace pocows {


class FrameCodecTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FrameCodecTest);
	CPPUNIT_TEST(testDecodesEveryLengthForm);
	CPPUNIT_TEST(testIncompleteHeaders);
	CPPUNIT_TEST(testRejectsNonMinimalAndHugeLengths);
	CPPUNIT_TEST(testDecodesFlagsAndOpcode);
	CPPUNIT_TEST(testEncodeDecodeRoundTrip);
	CPPUNIT_TEST(testMaskInPieces);
	CPPUNIT_TEST(testCloseCodes);
	CPPUNIT_TEST(testClosePayloadKeepsUtf8Whole);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDecodesEveryLengthForm()
	{
		for (std::size_t length: {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 100000u})
		{
			const std::string frame = TestWebSocketClient::frame(0x2, std::string(length, 'x'));
			FrameHeader header;
			std::size_t headerLength = 0;
			CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_COMPLETE, FrameCodec::decodeHeader(frame.data(), frame.size(), header, headerLength));
			CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(length), header.payloadLength);
			CPPUNIT_ASSERT_EQUAL(frame.size() - length, headerLength);
			CPPUNIT_ASSERT(header.masked);
		}
	}

	void testIncompleteHeaders()
	{
		for (std::size_t length: {5u, 300u, 70000u})
		{
			const std::string frame = TestWebSocketClient::frame(0x1, std::string(length, 'x'));
			const std::size_t headerSize = frame.size() - length;
			for (std::size_t prefix = 0; prefix < headerSize; ++prefix)
			{
				FrameHeader header;
				std::size_t headerLength = 0;
				CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_INCOMPLETE, FrameCodec::decodeHeader(frame.data(), prefix, header, headerLength));
			}
		}
	}

	void testRejectsNonMinimalAndHugeLengths()
	{
		FrameHeader header;
		std::size_t headerLength = 0;
		const std::string short16("\x82\x7E\x00\x7D", 4);      // 125 in the 16-bit form
		CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_MALFORMED, FrameCodec::decodeHeader(short16.data(), short16.size(), header, headerLength));
		const std::string short64("\x82\x7F\x00\x00\x00\x00\x00\x00\xFF\xFF", 10);  // 65535 in the 64-bit form
		CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_MALFORMED, FrameCodec::decodeHeader(short64.data(), short64.size(), header, headerLength));
		const std::string topBit("\x82\x7F\x80\x00\x00\x00\x00\x00\x00\x00", 10);
		CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_MALFORMED, FrameCodec::decodeHeader(topBit.data(), topBit.size(), header, headerLength));
		const std::string largest("\x82\x7F\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 10);  // 2^63 - 1 is well-formed
		CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_COMPLETE, FrameCodec::decodeHeader(largest.data(), largest.size(), header, headerLength));
		CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(0x7FFFFFFFFFFFFFFFULL), header.payloadLength);
	}

	void testDecodesFlagsAndOpcode()
	{
		const std::string frame = TestWebSocketClient::frame(0xB, "", false, 0x5, false);
		FrameHeader header;
		std::size_t headerLength = 0;
		CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_COMPLETE, FrameCodec::decodeHeader(frame.data(), frame.size(), header, headerLength));
		CPPUNIT_ASSERT(!header.fin);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned char>(0x5), header.rsv);
		CPPUNIT_ASSERT_EQUAL(static_cast<unsigned char>(0xB), header.opcode);
		CPPUNIT_ASSERT(!header.masked);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(2), headerLength);
	}

	void testEncodeDecodeRoundTrip()
	{
		const unsigned char mask[4] = {1, 2, 3, 4};
		for (std::uint64_t length: {0ULL, 125ULL, 126ULL, 65535ULL, 65536ULL, 1ULL << 40})
		{
			for (const unsigned char* maskUsed: {static_cast<const unsigned char*>(nullptr), mask})
			{
				char buffer[FrameCodec::MAX_HEADER_LENGTH];
				const std::size_t written = FrameCodec::encodeHeader(buffer, Opcode::BINARY, length, false, maskUsed);
				FrameHeader header;
				std::size_t headerLength = 0;
				CPPUNIT_ASSERT_EQUAL(FrameCodec::HEADER_COMPLETE, FrameCodec::decodeHeader(buffer, written, header, headerLength));
				CPPUNIT_ASSERT_EQUAL(written, headerLength);
				CPPUNIT_ASSERT_EQUAL(length, header.payloadLength);
				CPPUNIT_ASSERT(!header.fin);
				CPPUNIT_ASSERT_EQUAL(maskUsed != nullptr, header.masked);
			}
		}
	}

	void testMaskInPieces()
	{
		const unsigned char mask[4] = {0xA1, 0x07, 0x5C, 0xE3};
		std::string data;
		for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7);
		std::string whole(data.size(), '\0');
		FrameCodec::applyMask(data.data(), &whole[0], data.size(), mask, 0);
		for (std::size_t i = 0; i < data.size(); ++i)
		{
			CPPUNIT_ASSERT_EQUAL(static_cast<char>(data[i] ^ mask[i % 4]), whole[i]);
		}
		for (std::size_t split: {1u, 3u, 7u, 8u, 13u, 500u})
		{
			std::string pieces = data;
			FrameCodec::applyMask(&pieces[0], &pieces[0], split, mask, 0);
			FrameCodec::applyMask(&pieces[split], &pieces[split], pieces.size() - split, mask, split);
			CPPUNIT_ASSERT(pieces == whole);
		}
	}

	void testCloseCodes()
	{
		for (unsigned code: {1000u, 1001u, 1002u, 1003u, 1007u, 1008u, 1009u, 1010u, 1011u, 1012u, 1013u, 1014u, 3000u, 4000u, 4999u})
			CPPUNIT_ASSERT_MESSAGE(std::to_string(code), FrameCodec::isValidReceivedCloseCode(code));
		for (unsigned code: {0u, 999u, 1004u, 1005u, 1006u, 1015u, 1016u, 1100u, 2000u, 2999u, 5000u, 65535u})
			CPPUNIT_ASSERT_MESSAGE(std::to_string(code), !FrameCodec::isValidReceivedCloseCode(code));
	}

	void testClosePayloadKeepsUtf8Whole()
	{
		const std::string payload = FrameCodec::closePayload(1001, "bye");
		CPPUNIT_ASSERT_EQUAL(std::string("\x03\xE9" "bye", 5), payload);
		// A reason may have 123 bytes; "a" and 40 three-byte characters take 121,
		// and the 41st must not be cut in two.
		std::string reason = "a";
		for (int i = 0; i < 60; ++i) reason += "\xE2\x82\xAC";
		const std::string cut = FrameCodec::closePayload(1000, reason);
		CPPUNIT_ASSERT(cut.size() <= FrameCodec::MAX_CONTROL_PAYLOAD);
		CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(2 + 1 + 40*3), cut.size());
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FrameCodecTest, "FrameCodec");


} // namespace pocows
