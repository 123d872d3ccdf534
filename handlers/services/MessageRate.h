//
// MessageRate.h
//
// A token bucket: how many messages a session may send, on average and in a burst.
//


#ifndef Pocows_MessageRate_INCLUDED
#define Pocows_MessageRate_INCLUDED


#include "Poco/Timestamp.h"


namespace pocows {


class MessageRate
	/// Allows perSecond messages a second on average, and bursts of up to
	/// burst at once after a quiet spell. Used by one thread.
{
public:
	MessageRate(double perSecond, double burst);
		/// perSecond 0 allows everything.

	bool allow();
		/// Counts a message: false if it is one too many.

private:
	const double _perSecond;
	const double _burst;
	double _tokens;
	Poco::Timestamp _last;
};


} // namespace pocows


#endif // Pocows_MessageRate_INCLUDED
