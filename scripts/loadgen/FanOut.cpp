//
// FanOut.cpp
//


#include "FanOut.h"
#include "ProcessSample.h"
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>


namespace pocows {


namespace
{
	const int OPEN_TIMEOUT_MS = 60000;
	const int JOIN_TIMEOUT_MS = 30000;
	const int DRAIN_TIMEOUT_MS = 10000;
	const int OPENS_PER_WAIT = 50;        // handshakes under way at once, at most
	const int SLOW_RECEIVE_BUFFER = 4096;
	const std::size_t HEADER_SIZE = 40;   // "D" publisher, sequence, send time, each fixed-width
	const double WARMUP_SECONDS = 1;

	double cpuSecondsOfThisProcess()
	{
		rusage usage;
		::getrusage(RUSAGE_SELF, &usage);
		return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)/1e6;
	}
}


FanOut::FanOut(const Options& options):
	_options(options),
	_epoll(::epoll_create1(EPOLL_CLOEXEC)),
	_sent(static_cast<std::size_t>(options.publishers), 0),
	_measuring(false),
	_measureFrom(0),
	_lost(0),
	_disordered(0),
	_deliveries(0),
	_compressedDeliveries(0),
	_compressedBytes(0)
{
	std::memset(&_address, 0, sizeof(_address));
	_address.sin_family = AF_INET;
	_address.sin_port = htons(static_cast<std::uint16_t>(options.port));
	if (::inet_pton(AF_INET, options.host.c_str(), &_address.sin_addr) != 1) throw std::invalid_argument("not an IPv4 address: " + options.host);
	if (_epoll < 0) throw std::runtime_error("epoll_create1 failed");
	if (options.size < HEADER_SIZE) throw std::invalid_argument("fan-out messages need at least 40 bytes");
	if (options.slow > options.subscribers) throw std::invalid_argument("more slow subscribers than subscribers");
	_payload.assign(options.size, 'x');
	if (options.deflate)
	{
		// Something a chat room carries, rather than one letter repeated.
		static const std::string CHAT = "{\"room\":\"lobby\",\"from\":\"ada\",\"text\":\"see you at the standup, the build is green again\"} ";
		for (std::size_t i = HEADER_SIZE; i < options.size; ++i) _payload[i] = CHAT[(i - HEADER_SIZE) % CHAT.size()];
		_inflater = std::make_unique<MessageInflater>(15);
	}
}


bool FanOut::inflated(const char*& payload, std::size_t& size)
{
	_key.assign(payload, size);
	auto found = _inflatedByPayload.find(_key);
	if (found == _inflatedByPayload.end())
	{
		// Bounded: messages in flight are far fewer.
		if (_inflatedByPayload.size() > 100000) _inflatedByPayload.clear();
		std::string message;
		const bool ok = _inflater->inflate(payload, size, message, _options.size) == MessageInflater::RESULT_OK
			&& _inflater->finish(message, _options.size) == MessageInflater::RESULT_OK;
		_inflater->reset();
		if (!ok) return false;
		found = _inflatedByPayload.emplace(_key, std::move(message)).first;
	}
	++_compressedDeliveries;
	_compressedBytes += size;
	payload = found->second.data();
	size = found->second.size();
	return true;
}


FanOut::~FanOut()
{
	::close(_epoll);
}


std::uint64_t FanOut::now()
{
	return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}


void FanOut::report(const std::string& name, const std::string& value) const
{
	std::printf("%s: %s\n", name.c_str(), value.c_str());
}


void FanOut::watch(Member& member, int operation)
{
	epoll_event event;
	std::memset(&event, 0, sizeof(event));
	// A slow consumer reads nothing; it only hears of the end of its connection.
	event.events = member.slow && _measuring ? static_cast<std::uint32_t>(EPOLLRDHUP) : static_cast<std::uint32_t>(EPOLLIN);
	if (member.connection->wantsWrite()) event.events |= EPOLLOUT;
	event.data.u32 = static_cast<std::uint32_t>(&member - _members.data());
	::epoll_ctl(_epoll, operation, member.connection->descriptor(), &event);
}


bool FanOut::openAll()
{
	const int total = _options.publishers + _options.subscribers;
	_members.reserve(static_cast<std::size_t>(total));
	const std::uint64_t deadline = now() + static_cast<std::uint64_t>(OPEN_TIMEOUT_MS)*1000000;
	auto settled = [this]
	{
		return std::count_if(_members.begin(), _members.end(), [](const Member& m)
		{
			return m.connection->state() != ClientConnection::CONNECTING && m.connection->state() != ClientConnection::HANDSHAKING;
		});
	};
	const std::uint64_t start = now();
	while (now() < deadline)
	{
		// A few dozen handshakes at a time, so that the server's accept queue
		// never overflows, and no more than the open rate allows.
		const int allowed = _options.openRate > 0 ? static_cast<int>(static_cast<double>(now() - start)/1e9*_options.openRate) + 1 : total;
		for (int i = 0; i < OPENS_PER_WAIT && static_cast<int>(_members.size()) < std::min(total, allowed) && static_cast<int>(_members.size()) - settled() < OPENS_PER_WAIT; ++i)
		{
			Member member;
			member.slow = static_cast<int>(_members.size()) >= total - _options.slow;
			member.connection = std::make_unique<ClientConnection>(_address, _options.host, _options.target, _options.protocol, member.slow ? SLOW_RECEIVE_BUFFER : 0,
				_options.deflate ? ClientConnection::DEFLATE_OFFER : std::string());
			member.next.assign(static_cast<std::size_t>(_options.publishers), 0);
			_members.push_back(std::move(member));
			if (_members.back().connection->state() != ClientConnection::FAILED) watch(_members.back(), EPOLL_CTL_ADD);
		}
		wait(10);
		if (static_cast<int>(_members.size()) == total && settled() == total) break;
	}
	for (const Member& member: _members)
	{
		if (member.connection->state() != ClientConnection::OPEN)
		{
			std::fprintf(stderr, "loadgen: a connection did not open: %s\n", member.connection->error().c_str());
			return false;
		}
	}
	return static_cast<int>(_members.size()) == total;
}


bool FanOut::awaitJoins()
	/// A server relays only to sessions it has added to its room, which may
	/// be a little after the handshake: markers go out until all have one.
{
	const std::uint64_t deadline = now() + static_cast<std::uint64_t>(JOIN_TIMEOUT_MS)*1000000;
	auto joined = [this] { return std::all_of(_members.begin(), _members.end(), [](const Member& m) { return m.joined; }); };
	while (!joined())
	{
		if (now() > deadline)
		{
			std::fprintf(stderr, "loadgen: not every connection got the relay's messages\n");
			return false;
		}
		sendMarker();
		const std::uint64_t until = now() + 200*1000000ull;
		while (!joined() && now() < until) wait(20);
	}
	// Markers still on their way are ignored on arrival.
	return true;
}


void FanOut::sendMarker()
{
	std::string marker(_options.size, 'x');
	marker[0] = 'M';
	_members[0].connection->send(Opcode::TEXT, marker.data(), marker.size());
	watch(_members[0], EPOLL_CTL_MOD);
}


void FanOut::publish(int publisher, std::uint64_t sequence)
{
	char header[HEADER_SIZE + 1];
	std::snprintf(header, sizeof(header), "D%04d %012llu %020llu ", publisher, static_cast<unsigned long long>(sequence), static_cast<unsigned long long>(now()));
	std::memcpy(&_payload[0], header, HEADER_SIZE);
	Member& member = _members[static_cast<std::size_t>(publisher)];
	const bool wanted = member.connection->wantsWrite();
	member.connection->send(Opcode::TEXT, _payload.data(), _payload.size());
	if (member.connection->wantsWrite() != wanted) watch(member, EPOLL_CTL_MOD);
}


int FanOut::wait(int milliseconds)
{
	epoll_event events[512];
	const int n = ::epoll_wait(_epoll, events, 512, milliseconds);
	for (int i = 0; i < n; ++i)
	{
		Member& member = _members[events[i].data.u32];
		ClientConnection& connection = *member.connection;
		if (member.slow && _measuring)
		{
			if (events[i].events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP))
			{
				member.cut = true;
				member.cutAt = now();
				::epoll_ctl(_epoll, EPOLL_CTL_DEL, connection.descriptor(), nullptr);
			}
			continue;
		}
		const bool wanted = connection.wantsWrite();
		if (events[i].events & EPOLLOUT) connection.onWritable();
		if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) connection.onReadable();
		serve(member);
		if (connection.state() == ClientConnection::FAILED || connection.state() == ClientConnection::CLOSED)
			::epoll_ctl(_epoll, EPOLL_CTL_DEL, connection.descriptor(), nullptr);
		else if (connection.wantsWrite() != wanted)
			watch(member, EPOLL_CTL_MOD);
	}
	return n;
}


void FanOut::serve(Member& member)
{
	ClientConnection::Frame frame;
	while (member.connection->nextFrame(frame))
	{
		switch (static_cast<Opcode>(frame.opcode))
		{
		case Opcode::PING:
			member.connection->send(Opcode::PONG, frame.payload, frame.size);
			break;
		case Opcode::TEXT:
		{
			const char* payload = frame.payload;
			std::size_t size = frame.size;
			if (frame.compressed && (!_inflater || !inflated(payload, size))) ++_disordered;
			else receive(member, payload, size);
			break;
		}
		default:
			break;
		}
	}
}


void FanOut::receive(Member& member, const char* payload, std::size_t size)
{
	if (size != _options.size || (payload[0] != 'M' && payload[0] != 'D'))
	{
		++_disordered;
		return;
	}
	if (payload[0] == 'M')
	{
		member.joined = true;
		return;
	}
	int publisher = 0;
	for (int i = 1; i <= 4; ++i) publisher = publisher*10 + (payload[i] - '0');
	const std::uint64_t sequence = std::strtoull(payload + 6, nullptr, 10);
	const std::uint64_t sentAt = std::strtoull(payload + 19, nullptr, 10);
	if (publisher < 0 || publisher >= _options.publishers)
	{
		++_disordered;
		return;
	}
	std::uint64_t& next = member.next[static_cast<std::size_t>(publisher)];
	if (sequence < next) ++_disordered;
	else
	{
		_lost += sequence - next;
		next = sequence + 1;
	}
	++member.received;
	if (_measuring && sentAt >= _measureFrom)
	{
		_latencies.push_back(static_cast<std::uint32_t>((now() - sentAt)/1000));
		++_deliveries;
	}
}


bool FanOut::allReceived() const
{
	for (const Member& member: _members)
	{
		if (member.slow) continue;
		for (std::size_t p = 0; p < _sent.size(); ++p)
		{
			if (member.next[p] < _sent[p]) return false;
		}
	}
	return true;
}


int FanOut::run()
{
	const ProcessSample empty = ProcessSample::of(_options.serverPid);
	if (!openAll() || !awaitJoins()) return 1;
	const ProcessSample idle = ProcessSample::of(_options.serverPid);

	_measuring = true;
	for (Member& member: _members)
	{
		if (!member.slow) continue;
		socklen_t length = sizeof(member.receiveBuffer);
		::getsockopt(member.connection->descriptor(), SOL_SOCKET, SO_RCVBUF, &member.receiveBuffer, &length);
		watch(member, EPOLL_CTL_MOD);
	}
	const std::uint64_t start = now();
	_measureFrom = start + static_cast<std::uint64_t>(std::min(WARMUP_SECONDS, _options.seconds/5)*1e9);
	const std::uint64_t end = start + static_cast<std::uint64_t>(_options.seconds*1e9);
	const double intervalNs = 1e9/_options.rate;
	std::uint64_t published = 0;
	std::uint64_t publishedBeforeWindow = 0;
	ProcessSample before;
	double ownCpuBefore = 0;
	bool windowOpen = false;
	for (;;)
	{
		const std::uint64_t t = now();
		if (!windowOpen && t >= _measureFrom)
		{
			windowOpen = true;
			before = ProcessSample::of(_options.serverPid);
			ownCpuBefore = cpuSecondsOfThisProcess();
			publishedBeforeWindow = published;
			_deliveries = 0;
			_latencies.clear();
		}
		if (t >= end) break;
		// Open loop: every message that is due leaves now, whatever has come back.
		const std::uint64_t due = static_cast<std::uint64_t>(static_cast<double>(t - start)/intervalNs) + 1;
		while (published < due)
		{
			const int publisher = static_cast<int>(published % static_cast<std::uint64_t>(_options.publishers));
			publish(publisher, _sent[static_cast<std::size_t>(publisher)]++);
			++published;
		}
		const std::uint64_t nextAt = start + static_cast<std::uint64_t>(static_cast<double>(published)*intervalNs);
		const std::uint64_t later = now();
		wait(nextAt > later ? static_cast<int>((nextAt - later + 999999)/1000000) : 0);
	}
	const std::uint64_t windowEnd = now();
	const ProcessSample after = ProcessSample::of(_options.serverPid);
	const double ownCpu = cpuSecondsOfThisProcess() - ownCpuBefore;
	const std::uint64_t deliveriesInWindow = _deliveries;

	const std::uint64_t drainDeadline = now() + static_cast<std::uint64_t>(DRAIN_TIMEOUT_MS)*1000000;
	while (!allReceived() && now() < drainDeadline) wait(50);
	const std::uint64_t slowDeadline = now() + static_cast<std::uint64_t>(_options.slowWait*1e9);
	auto allCut = [this] { return std::all_of(_members.begin(), _members.end(), [](const Member& m) { return !m.slow || m.cut; }); };
	while (_options.slow > 0 && !allCut() && now() < slowDeadline) wait(50);
	const ProcessSample last = ProcessSample::of(_options.serverPid);
	_measuring = false;

	// Whatever has not arrived by now is lost.
	for (const Member& member: _members)
	{
		if (member.slow) continue;
		for (std::size_t p = 0; p < _sent.size(); ++p) _lost += _sent[p] - std::min(_sent[p], member.next[p]);
	}

	const double window = static_cast<double>(windowEnd - _measureFrom)/1e9;
	const int readers = static_cast<int>(_members.size()) - _options.slow;
	std::sort(_latencies.begin(), _latencies.end());
	auto percentile = [this](double p) -> double
	{
		if (_latencies.empty()) return 0;
		const std::size_t index = std::min(_latencies.size() - 1, static_cast<std::size_t>(std::ceil(p*static_cast<double>(_latencies.size()))) - 1);
		return _latencies[index]/1000.0;
	};
	char text[256];
	report("mode", "fanout");
	std::snprintf(text, sizeof(text), "%d subscribers (%d slow) and %d publishers on %s, %.0f messages/s of %zu bytes, %.1f s measured",
		_options.subscribers, _options.slow, _options.publishers, _options.target.c_str(), _options.rate, _options.size, window);
	report("load", text);
	std::snprintf(text, sizeof(text), "%llu", static_cast<unsigned long long>(published - publishedBeforeWindow));
	report("published_in_window", text);
	std::snprintf(text, sizeof(text), "%.0f", static_cast<double>(deliveriesInWindow)/window);
	report("deliveries_per_s", text);
	std::snprintf(text, sizeof(text), "%.0f", static_cast<double>(published - publishedBeforeWindow)*readers/window);
	report("deliveries_per_s_offered", text);
	std::snprintf(text, sizeof(text), "%.3f", percentile(0.5));
	report("latency_p50_ms", text);
	std::snprintf(text, sizeof(text), "%.3f", percentile(0.99));
	report("latency_p99_ms", text);
	std::snprintf(text, sizeof(text), "%.3f", percentile(0.999));
	report("latency_p999_ms", text);
	std::snprintf(text, sizeof(text), "%llu", static_cast<unsigned long long>(_lost));
	report("lost", text);
	std::snprintf(text, sizeof(text), "%llu", static_cast<unsigned long long>(_disordered));
	report("out_of_order", text);
	if (_options.deflate)
	{
		std::snprintf(text, sizeof(text), "%llu, %.1f bytes each for %zu plain", static_cast<unsigned long long>(_compressedDeliveries),
			_compressedDeliveries ? static_cast<double>(_compressedBytes)/static_cast<double>(_compressedDeliveries) : 0.0, _options.size);
		report("compressed_deliveries", text);
	}
	if (before.valid && after.valid)
	{
		std::snprintf(text, sizeof(text), "%.2f", (after.cpuSeconds - before.cpuSeconds)*1e6/static_cast<double>(std::max<std::uint64_t>(deliveriesInWindow, 1)));
		report("server_cpu_us_per_delivery", text);
		std::snprintf(text, sizeof(text), "%.2f", (after.cpuSeconds - before.cpuSeconds)/window);
		report("server_cpu_share", text);
		std::snprintf(text, sizeof(text), "%ld", empty.residentKiB);
		report("server_rss_before_kib", text);
		std::snprintf(text, sizeof(text), "%ld", idle.residentKiB);
		report("server_rss_idle_kib", text);
		std::snprintf(text, sizeof(text), "%ld", std::max(after.residentKiB, last.residentKiB));
		report("server_rss_kib", text);
	}
	std::snprintf(text, sizeof(text), "%.2f", ownCpu/window);
	report("loadgen_cpu_share", text);
	// A generator near its own limit measures itself, not the server.
	const bool valid = ownCpu/window < 0.85;
	report("valid", valid ? "yes" : "no: the load generator was saturated");
	if (_options.slow > 0)
	{
		// Each slow one has been sent the rate's bytes every second since it
		// stopped reading; it passes the soft limit once they exceed the
		// limit and what its own socket holds. (What the server's socket
		// holds comes on top, so the real crossing is later, and the time
		// from it to the cut shorter, than given here.)
		std::vector<double> sinceStop;
		std::vector<double> sincePassed;
		const double bytesPerSecond = _options.rate*static_cast<double>(_options.size + 2);
		for (const Member& member: _members)
		{
			if (!member.slow || !member.cut) continue;
			const double stopped = static_cast<double>(member.cutAt - start)/1e9;
			sinceStop.push_back(stopped);
			sincePassed.push_back(stopped - static_cast<double>(_options.slowSoftLimit + static_cast<std::size_t>(member.receiveBuffer))/bytesPerSecond);
		}
		std::sort(sinceStop.begin(), sinceStop.end());
		std::sort(sincePassed.begin(), sincePassed.end());
		std::snprintf(text, sizeof(text), "%zu of %d, %.2f s to %.2f s after they stopped reading", sinceStop.size(), _options.slow,
			sinceStop.empty() ? 0.0 : sinceStop.front(), sinceStop.empty() ? 0.0 : sinceStop.back());
		if (_options.slowSoftLimit > 0 && !sincePassed.empty())
		{
			const std::size_t used = std::strlen(text);
			std::snprintf(text + used, sizeof(text) - used, ", at most %.2f s after they passed the soft limit", sincePassed.back());
		}
		report("slow_cut_off", text);
	}
	return _lost == 0 && _disordered == 0 ? 0 : 1;
}


} // namespace pocows
