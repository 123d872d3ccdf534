//
// MessageRate.cpp
//


#include "services/MessageRate.h"
#include <algorithm>


namespace pocows {


MessageRate::MessageRate(double perSecond, double burst):
	_perSecond(perSecond),
	_burst(burst),
	_tokens(burst)
{
}


bool MessageRate::allow()
{
	if (_perSecond <= 0) return true;
	const Poco::Timestamp now;
	_tokens = std::min(_burst, _tokens + _perSecond*static_cast<double>(now - _last)/Poco::Timestamp::resolution());
	_last = now;
	if (_tokens < 1) return false;
	_tokens -= 1;
	return true;
}


} // namespace pocows
