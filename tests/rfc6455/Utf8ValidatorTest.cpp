//
// Utf8ValidatorTest.cpp
//


#include "rfc6455/Utf8Validator.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>


namespace pocows {


namespace
{
	bool isValid(const std::string& text)
	{
		Utf8Validator validator;
		return validator.feed(text.data(), text.size()) && validator.complete();
	}

	bool isValidByteByByte(const std::string& text)
	{
		Utf8Validator validator;
		for (char c: text)
		{
			if (!validator.feed(&c, 1)) return false;
		}
		return validator.complete();
	}

	// An independent decoder that follows RFC 3629 literally: it decodes the
	// code point and then judges it, where the validator judges byte ranges.
	bool referenceIsValid(const std::string& text)
	{
		std::size_t i = 0;
		while (i < text.size())
		{
			const unsigned char lead = static_cast<unsigned char>(text[i]);
			int length;
			unsigned long codePoint;
			if (lead < 0x80) { length = 1; codePoint = lead; }
			else if ((lead & 0xE0) == 0xC0) { length = 2; codePoint = lead & 0x1F; }
			else if ((lead & 0xF0) == 0xE0) { length = 3; codePoint = lead & 0x0F; }
			else if ((lead & 0xF8) == 0xF0) { length = 4; codePoint = lead & 0x07; }
			else return false;
			if (i + length > text.size()) return false;
			for (int k = 1; k < length; ++k)
			{
				const unsigned char next = static_cast<unsigned char>(text[i + k]);
				if ((next & 0xC0) != 0x80) return false;
				codePoint = (codePoint << 6) | (next & 0x3F);
			}
			static const unsigned long MIN_FOR_LENGTH[] = {0, 0, 0x80, 0x800, 0x10000};
			if (codePoint < MIN_FOR_LENGTH[length]) return false;
			if (codePoint >= 0xD800 && codePoint <= 0xDFFF) return false;
			if (codePoint > 0x10FFFF) return false;
			i += length;
		}
		return true;
	}

	std::string bytes(std::initializer_list<int> values)
	{
		std::string result;
		for (int value: values) result += static_cast<char>(value);
		return result;
	}
}


class Utf8ValidatorTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(Utf8ValidatorTest);
	CPPUNIT_TEST(testAsciiAndEmpty);
	CPPUNIT_TEST(testValidSequences);
	CPPUNIT_TEST(testInvalidSequences);
	CPPUNIT_TEST(testSplitAnywhere);
	CPPUNIT_TEST(testFailsAtFirstBadByte);
	CPPUNIT_TEST(testFastPathBoundaries);
	CPPUNIT_TEST(testAgreesWithReferenceOnAllShortSequences);
	CPPUNIT_TEST(testReset);
	CPPUNIT_TEST_SUITE_END();

public:
	void testAsciiAndEmpty()
	{
		CPPUNIT_ASSERT(isValid(""));
		CPPUNIT_ASSERT(isValid("Hello, world! 0123456789 abcdefghijklmnopqrstuvwxyz"));
		CPPUNIT_ASSERT(isValid(std::string("\0\x7F", 2)));
	}

	void testValidSequences()
	{
		CPPUNIT_ASSERT(isValid("\xC2\x80"));                  // U+0080
		CPPUNIT_ASSERT(isValid("\xDF\xBF"));                  // U+07FF
		CPPUNIT_ASSERT(isValid("\xE0\xA0\x80"));              // U+0800
		CPPUNIT_ASSERT(isValid("\xED\x9F\xBF"));              // U+D7FF, just below the surrogates
		CPPUNIT_ASSERT(isValid("\xEE\x80\x80"));              // U+E000, just above them
		CPPUNIT_ASSERT(isValid("\xEF\xBF\xBF"));              // U+FFFF
		CPPUNIT_ASSERT(isValid("\xF0\x90\x80\x80"));          // U+10000
		CPPUNIT_ASSERT(isValid("\xF4\x8F\xBF\xBF"));          // U+10FFFF
		CPPUNIT_ASSERT(isValid("κόσμε, 世界, 😀"));
	}

	void testInvalidSequences()
	{
		CPPUNIT_ASSERT(!isValid("\x80"));                     // lone continuation byte
		CPPUNIT_ASSERT(!isValid("\xC0\xAF"));                 // overlong '/'
		CPPUNIT_ASSERT(!isValid("\xC1\xBF"));                 // overlong
		CPPUNIT_ASSERT(!isValid("\xE0\x80\xAF"));             // overlong
		CPPUNIT_ASSERT(!isValid("\xE0\x9F\xBF"));             // overlong
		CPPUNIT_ASSERT(!isValid("\xF0\x80\x80\xAF"));         // overlong
		CPPUNIT_ASSERT(!isValid("\xF0\x8F\xBF\xBF"));         // overlong
		CPPUNIT_ASSERT(!isValid("\xED\xA0\x80"));             // U+D800, a surrogate
		CPPUNIT_ASSERT(!isValid("\xED\xBF\xBF"));             // U+DFFF, a surrogate
		CPPUNIT_ASSERT(!isValid("\xF4\x90\x80\x80"));         // U+110000
		CPPUNIT_ASSERT(!isValid("\xF5\x80\x80\x80"));
		CPPUNIT_ASSERT(!isValid("\xFE"));
		CPPUNIT_ASSERT(!isValid("\xFF"));
		CPPUNIT_ASSERT(!isValid("\xC2"));                     // truncated
		CPPUNIT_ASSERT(!isValid("\xE2\x82"));                 // truncated
		CPPUNIT_ASSERT(!isValid("\xC2\x41"));                 // continuation missing
		CPPUNIT_ASSERT(!isValid("\xE2\x82\xAC\xAC"));         // one continuation too many
	}

	void testSplitAnywhere()
	{
		const std::string text = "a\xC2\x80" "b\xE2\x82\xAC" "c\xF0\x9F\x98\x80" "d";
		CPPUNIT_ASSERT(isValidByteByByte(text));
		for (std::size_t split = 0; split <= text.size(); ++split)
		{
			Utf8Validator validator;
			CPPUNIT_ASSERT(validator.feed(text.data(), split));
			CPPUNIT_ASSERT(validator.feed(text.data() + split, text.size() - split));
			CPPUNIT_ASSERT(validator.complete());
		}
		Utf8Validator open;
		CPPUNIT_ASSERT(open.feed("\xF0\x9F", 2));
		CPPUNIT_ASSERT(!open.complete());
	}

	void testFailsAtFirstBadByte()
	{
		// The stream is condemned by the byte that cannot continue it, before the rest arrives.
		Utf8Validator validator;
		CPPUNIT_ASSERT(validator.feed("abc\xE0", 4));
		CPPUNIT_ASSERT(!validator.feed("\x80", 1));
		CPPUNIT_ASSERT(!validator.feed("valid", 5));
		CPPUNIT_ASSERT(!validator.complete());
	}

	void testFastPathBoundaries()
	{
		const std::string ascii(64, 'x');
		for (std::size_t position = 0; position < 24; ++position)
		{
			std::string text = ascii;
			text[position] = '\xFF';
			CPPUNIT_ASSERT(!isValid(text));
			text = ascii;
			text.replace(position, 2, "\xC3\xA9");
			CPPUNIT_ASSERT(isValid(text));
		}
	}

	void testAgreesWithReferenceOnAllShortSequences()
	{
		for (int a = 0; a < 256; ++a)
		{
			const std::string one = bytes({a});
			CPPUNIT_ASSERT_EQUAL(referenceIsValid(one), isValid(one));
			for (int b = 0; b < 256; ++b)
			{
				const std::string two = bytes({a, b});
				CPPUNIT_ASSERT_EQUAL(referenceIsValid(two), isValid(two));
			}
		}
		for (int a = 0xE0; a < 0x100; ++a)
		{
			for (int b = 0x70; b < 0xD0; ++b)
			{
				for (int c: {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0})
				{
					const std::string three = bytes({a, b, c});
					CPPUNIT_ASSERT_EQUAL(referenceIsValid(three), isValid(three));
					const std::string four = bytes({a, b, c, 0x80});
					CPPUNIT_ASSERT_EQUAL(referenceIsValid(four), isValid(four));
				}
			}
		}
	}

	void testReset()
	{
		Utf8Validator validator;
		CPPUNIT_ASSERT(!validator.feed("\xFF", 1));
		validator.reset();
		CPPUNIT_ASSERT(validator.feed("ok", 2));
		CPPUNIT_ASSERT(validator.complete());
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(Utf8ValidatorTest, "Utf8Validator");


} // namespace pocows
