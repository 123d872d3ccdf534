//
// ZlibStreamPool.cpp
//


#include "rfc6455/ZlibStreamPool.h"
#include "Poco/Exception.h"


namespace pocows {


void ZlibStreamPool::DeflaterReturn::operator()(MessageDeflater* deflater) const
{
	pool->giveBack(deflater);
}


void ZlibStreamPool::InflaterReturn::operator()(MessageInflater* inflater) const
{
	pool->giveBack(inflater);
}


ZlibStreamPool::ZlibStreamPool(int memLevel, int level, std::size_t maxIdle):
	_memLevel(memLevel),
	_level(level),
	_maxIdle(maxIdle)
{
}


ZlibStreamPool::~ZlibStreamPool()
{
}


ZlibStreamPool::Deflater ZlibStreamPool::deflater(int windowBits)
{
	if (windowBits < MIN_WINDOW_BITS || windowBits > MAX_WINDOW_BITS)
		throw Poco::InvalidArgumentException("deflate window bits out of range");
	std::unique_ptr<MessageDeflater> deflater;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		auto& idle = _deflaters[windowBits - MIN_WINDOW_BITS];
		if (!idle.empty())
		{
			deflater = std::move(idle.back());
			idle.pop_back();
		}
	}
	// Made outside the lock: it allocates the stream's whole state.
	if (!deflater) deflater.reset(new MessageDeflater(windowBits, _memLevel, _level, true));
	return Deflater(deflater.release(), DeflaterReturn{this});
}


ZlibStreamPool::Inflater ZlibStreamPool::inflater()
{
	std::unique_ptr<MessageInflater> inflater;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!_inflaters.empty())
		{
			inflater = std::move(_inflaters.back());
			_inflaters.pop_back();
		}
	}
	if (!inflater) inflater.reset(new MessageInflater(MAX_WINDOW_BITS, true));
	return Inflater(inflater.release(), InflaterReturn{this});
}


void ZlibStreamPool::giveBack(MessageDeflater* deflater)
{
	// A deflater is reset by the message that used it.
	std::unique_ptr<MessageDeflater> owned(deflater);
	std::lock_guard<std::mutex> lock(_mutex);
	auto& idle = _deflaters[owned->windowBits() - MIN_WINDOW_BITS];
	if (idle.size() < _maxIdle) idle.push_back(std::move(owned));
}


void ZlibStreamPool::giveBack(MessageInflater* inflater)
{
	std::unique_ptr<MessageInflater> owned(inflater);
	// A message that failed half-way leaves the stream in its middle.
	owned->reset();
	std::lock_guard<std::mutex> lock(_mutex);
	if (_inflaters.size() < _maxIdle) _inflaters.push_back(std::move(owned));
}


std::size_t ZlibStreamPool::idleStreams() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::size_t count = _inflaters.size();
	for (const auto& idle: _deflaters) count += idle.size();
	return count;
}


} // namespace pocows
