//
// HttpConditionsTest.cpp
//
// Conditional and range requests, as RFC 9110 defines them.
//


#include "files/Preconditions.h"
#include "files/RangeRequest.h"
#include "Poco/DateTime.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Net/HTTPRequest.h"
#include <cppunit/extensions/HelperMacros.h>


using Poco::Net::HTTPRequest;


namespace pocows {


namespace
{
	const std::string TAG("\"4d2-5f1e\"");
	const Poco::Timestamp MODIFIED = Poco::DateTime(2026, 3, 4, 5, 6, 7, 890).timestamp();

	std::string httpDate(const Poco::Timestamp& time)
	{
		return Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::HTTP_FORMAT);
	}

	Preconditions::Outcome evaluate(std::initializer_list<std::pair<const char*, std::string>> headers)
	{
		HTTPRequest request(HTTPRequest::HTTP_GET, "/file");
		for (const auto& header: headers) request.set(header.first, header.second);
		return Preconditions(request, TAG, MODIFIED).evaluate();
	}

	bool rangeApplies(const std::string& ifRange)
	{
		HTTPRequest request(HTTPRequest::HTTP_GET, "/file");
		request.set("If-Range", ifRange);
		return Preconditions(request, TAG, MODIFIED).rangeApplies();
	}

	std::string range(const std::string& header, Poco::UInt64 size)
	{
		const RangeRequest request(header, size);
		switch (request.kind())
		{
		case RangeRequest::PARTIAL: return request.contentRange();
		case RangeRequest::UNSATISFIABLE: return "416 " + request.contentRange();
		default: return "whole";
		}
	}
}


class HttpConditionsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HttpConditionsTest);
	CPPUNIT_TEST(testNoConditions);
	CPPUNIT_TEST(testIfNoneMatch);
	CPPUNIT_TEST(testIfModifiedSince);
	CPPUNIT_TEST(testIfMatchAndIfUnmodifiedSince);
	CPPUNIT_TEST(testPrecedence);
	CPPUNIT_TEST(testIfRange);
	CPPUNIT_TEST(testSingleRanges);
	CPPUNIT_TEST(testUnsatisfiableRanges);
	CPPUNIT_TEST(testIgnoredRanges);
	CPPUNIT_TEST_SUITE_END();

public:
	void testNoConditions()
	{
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({}));
	}

	void testIfNoneMatch()
	{
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-None-Match", TAG}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-None-Match", "W/" + TAG}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-None-Match", "\"other\", " + TAG}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-None-Match", "*"}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-None-Match", "\"other\""}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-None-Match", "4d2-5f1e"}}));
	}

	void testIfModifiedSince()
	{
		// The file's time counts in whole seconds, as HTTP dates do.
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-Modified-Since", httpDate(MODIFIED)}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-Modified-Since", httpDate(MODIFIED + 3600*Poco::Timestamp::resolution())}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Modified-Since", httpDate(MODIFIED - Poco::Timestamp::resolution())}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-Modified-Since", "Wednesday, 04-Mar-26 05:06:07 GMT"}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Modified-Since", "not a date"}}));
	}

	void testIfMatchAndIfUnmodifiedSince()
	{
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Match", TAG}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Match", "*"}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PRECONDITION_FAILED, evaluate({{"If-Match", "\"other\""}}));
		// If-Match uses the strong comparison: a weak tag never matches.
		CPPUNIT_ASSERT_EQUAL(Preconditions::PRECONDITION_FAILED, evaluate({{"If-Match", "W/" + TAG}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Unmodified-Since", httpDate(MODIFIED)}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PRECONDITION_FAILED, evaluate({{"If-Unmodified-Since", httpDate(MODIFIED - Poco::Timestamp::resolution())}}));
	}

	void testPrecedence()
	{
		// If-None-Match wins over If-Modified-Since, If-Match over If-Unmodified-Since.
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-None-Match", "\"other\""}, {"If-Modified-Since", httpDate(MODIFIED)}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::NOT_MODIFIED, evaluate({{"If-None-Match", TAG}, {"If-Modified-Since", httpDate(MODIFIED - 10*Poco::Timestamp::resolution())}}));
		CPPUNIT_ASSERT_EQUAL(Preconditions::PROCEED, evaluate({{"If-Match", TAG}, {"If-Unmodified-Since", httpDate(MODIFIED - 10*Poco::Timestamp::resolution())}}));
		// A failed If-Match answers 412 before If-None-Match is looked at.
		CPPUNIT_ASSERT_EQUAL(Preconditions::PRECONDITION_FAILED, evaluate({{"If-Match", "\"other\""}, {"If-None-Match", TAG}}));
	}

	void testIfRange()
	{
		CPPUNIT_ASSERT(rangeApplies(TAG));
		CPPUNIT_ASSERT(!rangeApplies("\"other\""));
		CPPUNIT_ASSERT(!rangeApplies("W/" + TAG));
		CPPUNIT_ASSERT(rangeApplies(httpDate(MODIFIED)));
		CPPUNIT_ASSERT(!rangeApplies(httpDate(MODIFIED + Poco::Timestamp::resolution())));
		CPPUNIT_ASSERT(!rangeApplies("garbage"));
		HTTPRequest plain(HTTPRequest::HTTP_GET, "/file");
		CPPUNIT_ASSERT(Preconditions(plain, TAG, MODIFIED).rangeApplies());
	}

	void testSingleRanges()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 0-99/1000"), range("bytes=0-99", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 500-999/1000"), range("bytes=500-", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 900-999/1000"), range("bytes=-100", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 0-999/1000"), range("bytes=-5000", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 990-999/1000"), range("bytes=990-5000", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 999-999/1000"), range("bytes=999-999", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 1-2/1000"), range("Bytes=1-2", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("bytes 0-999/1000"), range("bytes=-99999999999999999999", 1000));
	}

	void testUnsatisfiableRanges()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */1000"), range("bytes=1000-", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */1000"), range("bytes=5000-6000", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */1000"), range("bytes=-0", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */1000"), range("bytes=18446744073709551616-", 1000));
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */0"), range("bytes=0-", 0));
		CPPUNIT_ASSERT_EQUAL(std::string("416 bytes */0"), range("bytes=-10", 0));
	}

	void testIgnoredRanges()
	{
		// Several ranges are answered with the whole file; so is anything malformed.
		for (const char* header: {"bytes=0-1,5-6", "bytes=0-1, -5", "items=0-1", "bytes=", "bytes=-", "bytes=5-1",
			"bytes=a-b", "bytes=+1-2", "bytes=1-2x", "bytes 0-1"})
		{
			CPPUNIT_ASSERT_EQUAL_MESSAGE(header, std::string("whole"), range(header, 1000));
		}
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HttpConditionsTest, "HttpConditions");


} // namespace pocows
