//
// TestInflater.h
//
// Decodes what the server compressed, on zlib directly and apart from the
// server's MessageInflater.
//


#ifndef Pocows_TestInflater_INCLUDED
#define Pocows_TestInflater_INCLUDED


#include <zlib.h>
#include <string>


namespace pocows {


class TestInflater
{
public:
	explicit TestInflater(int windowBits = 15, bool contextTakeover = false);
		/// windowBits is the window the server was allowed: a stream that
		/// needs more fails to inflate.

	~TestInflater();

	std::string inflate(const std::string& payload);
		/// The message a compressed payload holds. Throws
		/// Poco::DataFormatException if it is not valid.

	static std::string once(const std::string& payload, int windowBits = 15);

private:
	TestInflater(const TestInflater&) = delete;
	TestInflater& operator=(const TestInflater&) = delete;

	z_stream _stream;
	bool _contextTakeover;
};


} // namespace pocows


#endif // Pocows_TestInflater_INCLUDED
