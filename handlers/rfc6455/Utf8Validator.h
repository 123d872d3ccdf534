//
// Utf8Validator.h
//
// Incremental UTF-8 validation of WebSocket text, as RFC 6455 section 8.1 requires.
//


#ifndef Pocows_Utf8Validator_INCLUDED
#define Pocows_Utf8Validator_INCLUDED


#include <cstddef>


namespace pocows {


class Utf8Validator
	/// Checks a byte stream for well-formed UTF-8 (RFC 3629: no overlong forms,
	/// no surrogates, nothing above U+10FFFF) while it arrives in pieces.
	///
	/// A sequence may be split across calls to feed(); the validator remembers
	/// where it is. It reports an error at the first byte that can never be
	/// part of valid UTF-8, so a receiver can fail before the rest arrives.
{
public:
	Utf8Validator();

	bool feed(const char* data, std::size_t size);
		/// Validates the next piece of the stream. Returns false as soon as
		/// a byte makes the stream invalid; the validator then stays invalid
		/// until reset().

	bool complete() const;
		/// Returns true if the stream so far is valid and does not end in
		/// the middle of a multi-byte sequence.

	void reset();
		/// Starts a new stream.

private:
	bool feedByte(unsigned char byte);

	int _pending;             // continuation bytes still expected
	unsigned char _lower;     // allowed range of the next continuation byte
	unsigned char _upper;
	bool _valid;
};


} // namespace pocows


#endif // Pocows_Utf8Validator_INCLUDED
