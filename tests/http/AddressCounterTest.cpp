//
// AddressCounterTest.cpp
//


#include "http/AddressCounter.h"
#include "Poco/Net/IPAddress.h"
#include <cppunit/extensions/HelperMacros.h>


using Poco::Net::IPAddress;


namespace pocows {


class AddressCounterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(AddressCounterTest);
	CPPUNIT_TEST(testLimitPerAddress);
	CPPUNIT_TEST(testReleaseFreesAPlace);
	CPPUNIT_TEST(testZeroSetsNoLimit);
	CPPUNIT_TEST_SUITE_END();

public:
	void testLimitPerAddress()
	{
		AddressCounter counter(2);
		const IPAddress one("192.0.2.1");
		const IPAddress two("2001:db8::2");
		CPPUNIT_ASSERT(counter.acquire(one));
		CPPUNIT_ASSERT(counter.acquire(one));
		CPPUNIT_ASSERT(!counter.acquire(one));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), counter.count(one));
		// Other addresses have places of their own.
		CPPUNIT_ASSERT(counter.acquire(two));
		CPPUNIT_ASSERT(counter.acquire(two));
		CPPUNIT_ASSERT(!counter.acquire(two));
	}

	void testReleaseFreesAPlace()
	{
		AddressCounter counter(1);
		const IPAddress address("127.0.0.1");
		CPPUNIT_ASSERT(counter.acquire(address));
		CPPUNIT_ASSERT(!counter.acquire(address));
		counter.release(address);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), counter.count(address));
		CPPUNIT_ASSERT(counter.acquire(address));
		// A release without a place changes nothing.
		counter.release(IPAddress("127.0.0.2"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), counter.count(IPAddress("127.0.0.2")));
	}

	void testZeroSetsNoLimit()
	{
		AddressCounter counter(0);
		const IPAddress address("127.0.0.1");
		for (int i = 0; i < 10000; ++i) CPPUNIT_ASSERT(counter.acquire(address));
		CPPUNIT_ASSERT_EQUAL(std::size_t(10000), counter.count(address));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AddressCounterTest, "AddressCounter");


} // namespace pocows
