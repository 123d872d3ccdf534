//
// LoadGenerator.cpp
//


#include "LoadGenerator.h"
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <sys/epoll.h>
#include <unistd.h>


namespace pocows {


namespace
{
	const std::size_t PATTERN_PERIOD = 251;  // messages start at different offsets of one pattern
	const int OPEN_TIMEOUT_MS = 30000;
	const int DRAIN_TIMEOUT_MS = 10000;
	// The client compresses its corpus once, at zlib's default level.
	const int CLIENT_LEVEL = 6;
	std::string pattern;
}


LoadGenerator::LoadGenerator(const Options& options):
	_options(options),
	_epoll(::epoll_create1(EPOLL_CLOEXEC)),
	_measuring(false),
	_mismatch(false),
	_bytesOut(0),
	_bytesIn(0),
	_wireOut(0),
	_wireIn(0)
{
	std::memset(&_address, 0, sizeof(_address));
	_address.sin_family = AF_INET;
	_address.sin_port = htons(static_cast<std::uint16_t>(options.port));
	if (::inet_pton(AF_INET, options.host.c_str(), &_address.sin_addr) != 1) throw std::invalid_argument("not an IPv4 address: " + options.host);
	if (_epoll < 0) throw std::runtime_error("epoll_create1 failed");
	// Every message is a window into one pattern: cheap to make and to check.
	pattern.resize(options.size + PATTERN_PERIOD);
	for (std::size_t i = 0; i < pattern.size(); ++i)
		pattern[i] = options.binary ? static_cast<char>((i*167) & 0xFF) : static_cast<char>('a' + i % 26);
	_peers.reserve(static_cast<std::size_t>(options.connections));
	if (options.deflate) _corpus = std::make_unique<TelemetryCorpus>(options.size, CLIENT_LEVEL);
}


bool LoadGenerator::startDeflate(Peer& peer)
{
	const std::string& accepted = peer.connection->acceptedExtensions();
	if (accepted.find("permessage-deflate") != 0)
	{
		std::fprintf(stderr, "loadgen: the server did not accept permessage-deflate (Sec-WebSocket-Extensions: %s)\n", accepted.c_str());
		return false;
	}
	_extensions = accepted;
	peer.serverKeepsContext = accepted.find("server_no_context_takeover") == std::string::npos;
	peer.inflater = std::make_unique<MessageInflater>(15);
	return true;
}


bool LoadGenerator::inflate(Peer& peer, const char* payload, std::size_t size)
{
	peer.inflated.clear();
	const std::size_t limit = _options.size;
	if (peer.inflater->inflate(payload, size, peer.inflated, limit) != MessageInflater::RESULT_OK
		|| peer.inflater->finish(peer.inflated, limit) != MessageInflater::RESULT_OK)
		return false;
	if (!peer.serverKeepsContext) peer.inflater->reset();
	return true;
}


LoadGenerator::~LoadGenerator()
{
	::close(_epoll);
}


std::uint64_t LoadGenerator::now()
{
	return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}


void LoadGenerator::report(const std::string& name, const std::string& value) const
{
	std::printf("%s: %s\n", name.c_str(), value.c_str());
}


void LoadGenerator::openPeer()
{
	Peer peer;
	peer.connection = std::make_unique<ClientConnection>(_address, _options.host, "/echo", "echo", 0, _options.deflate ? ClientConnection::DEFLATE_OFFER : std::string());
	_peers.push_back(std::move(peer));
	if (_peers.back().connection->state() != ClientConnection::FAILED) watch(_peers.back(), true);
}


void LoadGenerator::watch(Peer& peer, bool added)
{
	epoll_event event;
	std::memset(&event, 0, sizeof(event));
	event.events = EPOLLIN | (peer.connection->wantsWrite() ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
	event.data.u32 = static_cast<std::uint32_t>(&peer - _peers.data());
	::epoll_ctl(_epoll, added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, peer.connection->descriptor(), &event);
}


int LoadGenerator::wait(int milliseconds)
{
	epoll_event events[256];
	const int n = ::epoll_wait(_epoll, events, 256, milliseconds);
	for (int i = 0; i < n; ++i)
	{
		Peer& peer = _peers[events[i].data.u32];
		ClientConnection& connection = *peer.connection;
		const bool wanted = connection.wantsWrite();
		if (events[i].events & EPOLLOUT) connection.onWritable();
		if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) connection.onReadable();
		serve(peer);
		if (connection.state() == ClientConnection::FAILED || connection.state() == ClientConnection::CLOSED)
			::epoll_ctl(_epoll, EPOLL_CTL_DEL, connection.descriptor(), nullptr);
		else if (connection.wantsWrite() != wanted)
			watch(peer, false);
	}
	return n;
}


void LoadGenerator::serve(Peer& peer)
{
	ClientConnection::Frame frame;
	while (peer.connection->nextFrame(frame))
	{
		switch (static_cast<Opcode>(frame.opcode))
		{
		case Opcode::PING:
			peer.connection->send(Opcode::PONG, frame.payload, frame.size);
			break;
		case Opcode::CLOSE:
			peer.closeReceived = true;
			break;
		case Opcode::TEXT:
		case Opcode::BINARY:
		case Opcode::CONTINUATION:
			if (!receiveData(peer, frame)) return;
			break;
		default:
			break;
		}
	}
}


bool LoadGenerator::receiveData(Peer& peer, const ClientConnection::Frame& frame)
	/// Servers may fragment what they echo (Beast does, in 4 KiB frames): reassemble.
{
	const bool first = static_cast<Opcode>(frame.opcode) != Opcode::CONTINUATION;
	unsigned char opcode = frame.opcode;
	const char* payload = frame.payload;
	std::size_t size = frame.size;
	if (first) peer.messageCompressed = frame.compressed;
	if (_measuring) _wireIn += frame.size;
	if (!(first && frame.fin))
	{
		if (first)
		{
			peer.messageOpcode = frame.opcode;
			peer.fragments.assign(frame.payload, frame.size);
		}
		else peer.fragments.append(frame.payload, frame.size);
		if (!frame.fin) return true;
		opcode = peer.messageOpcode;
		payload = peer.fragments.data();
		size = peer.fragments.size();
	}
	if (peer.messageCompressed)
	{
		if (!peer.inflater || !inflate(peer, payload, size))
		{
			if (!_mismatch) std::fprintf(stderr, "loadgen: a compressed echo did not inflate\n");
			_mismatch = true;
			return false;
		}
		payload = peer.inflated.data();
		size = peer.inflated.size();
	}
	if (!checkEcho(peer, opcode, payload, size)) return false;
	if (_measuring) sendMessage(peer);
	return true;
}


bool LoadGenerator::checkEcho(Peer& peer, unsigned char opcode, const char* payload, std::size_t size)
{
	const Opcode expected = _options.binary ? Opcode::BINARY : Opcode::TEXT;
	const char* sent = _corpus ? _corpus->message(peer.received).data() : pattern.data() + peer.received % PATTERN_PERIOD;
	if (peer.sentAt.empty() || opcode != static_cast<unsigned char>(expected) || size != _options.size || std::memcmp(payload, sent, size) != 0)
	{
		if (!_mismatch) std::fprintf(stderr, "loadgen: echo %llu of a connection differs from what was sent\n", static_cast<unsigned long long>(peer.received));
		_mismatch = true;
		return false;
	}
	if (_measuring) _latencies.push_back(static_cast<std::uint32_t>((now() - peer.sentAt.front())/1000));
	peer.sentAt.pop_front();
	++peer.received;
	_bytesIn += size;
	return true;
}


void LoadGenerator::sendMessage(Peer& peer)
{
	peer.sentAt.push_back(now());
	const Opcode opcode = _options.binary ? Opcode::BINARY : Opcode::TEXT;
	if (peer.inflater)
	{
		const std::string& compressed = _corpus->compressed(peer.sent);
		peer.connection->send(opcode, compressed.data(), compressed.size(), true);
		_wireOut += compressed.size();
	}
	else
	{
		const char* payload = _corpus ? _corpus->message(peer.sent).data() : pattern.data() + peer.sent % PATTERN_PERIOD;
		peer.connection->send(opcode, payload, _options.size);
		_wireOut += _options.size;
	}
	++peer.sent;
	_bytesOut += _options.size;
}


int LoadGenerator::echo()
{
	for (int i = 0; i < _options.connections; ++i) openPeer();
	const std::uint64_t openDeadline = now() + static_cast<std::uint64_t>(OPEN_TIMEOUT_MS)*1000000;
	auto settled = [this]
	{
		return std::all_of(_peers.begin(), _peers.end(), [](const Peer& p) { return p.connection->state() != ClientConnection::CONNECTING && p.connection->state() != ClientConnection::HANDSHAKING; });
	};
	while (!settled() && now() < openDeadline) wait(100);
	for (Peer& peer: _peers)
	{
		if (peer.connection->state() != ClientConnection::OPEN)
		{
			std::fprintf(stderr, "loadgen: a connection did not open: %s\n", peer.connection->error().c_str());
			return 1;
		}
		if (_options.deflate && !startDeflate(peer)) return 1;
	}

	const ProcessSample before = ProcessSample::of(_options.serverPid);
	const std::uint64_t start = now();
	_measuring = true;
	for (Peer& peer: _peers)
	{
		for (int k = 0; k < _options.inFlight; ++k) sendMessage(peer);
		watch(peer, false);
	}
	const std::uint64_t end = start + static_cast<std::uint64_t>(_options.seconds*1e9);
	while (now() < end && !_mismatch) wait(10);
	_measuring = false;
	const std::uint64_t elapsed = now() - start;
	const ProcessSample after = ProcessSample::of(_options.serverPid);
	const std::uint64_t roundTrips = _latencies.size();
	const std::uint64_t bytesOut = _bytesOut;
	const std::uint64_t wireIn = _wireIn;
	const std::uint64_t wireOut = _wireOut;

	// Let the messages still in flight come back: every one is checked too.
	const std::uint64_t drainDeadline = now() + static_cast<std::uint64_t>(DRAIN_TIMEOUT_MS)*1000000;
	auto drained = [this] { return std::all_of(_peers.begin(), _peers.end(), [](const Peer& p) { return p.sentAt.empty(); }); };
	while (!drained() && !_mismatch && now() < drainDeadline) wait(100);
	const bool complete = drained() && !_mismatch;
	closeAll(5);

	const double seconds = static_cast<double>(elapsed)/1e9;
	std::sort(_latencies.begin(), _latencies.end());
	auto percentile = [this](double p) -> std::uint32_t
	{
		if (_latencies.empty()) return 0;
		const std::size_t index = std::min(_latencies.size() - 1, static_cast<std::size_t>(std::ceil(p*static_cast<double>(_latencies.size()))) - 1);
		return _latencies[index];
	};
	char text[128];
	report("mode", "echo");
	std::snprintf(text, sizeof(text), "%d connections, %zu bytes %s, %d in flight each, %.1f s", _options.connections, _options.size, _options.binary ? "binary" : "text", _options.inFlight, seconds);
	report("load", text);
	std::snprintf(text, sizeof(text), "%.0f", static_cast<double>(roundTrips)/seconds);
	report("round_trips_per_s", text);
	std::snprintf(text, sizeof(text), "%.1f", static_cast<double>(roundTrips*_options.size)/seconds/1e6);
	report("mb_per_s_each_way", text);
	std::snprintf(text, sizeof(text), "p50 %u us, p99 %u us, p99.9 %u us, max %u us", percentile(0.5), percentile(0.99), percentile(0.999), _latencies.empty() ? 0 : _latencies.back());
	report("latency", text);
	if (before.valid && after.valid)
	{
		std::snprintf(text, sizeof(text), "%.2f", (after.cpuSeconds - before.cpuSeconds)*1e6/static_cast<double>(std::max<std::uint64_t>(roundTrips, 1)));
		report("server_cpu_us_per_round_trip", text);
		std::snprintf(text, sizeof(text), "%ld", after.residentKiB);
		report("server_rss_kib", text);
	}
	if (_options.deflate)
	{
		report("deflate", _extensions);
		std::snprintf(text, sizeof(text), "%.4f", static_cast<double>(wireIn)/static_cast<double>(std::max<std::uint64_t>(roundTrips*_options.size, 1)));
		report("server_wire_bytes_per_plain_byte", text);
		std::snprintf(text, sizeof(text), "%.4f", static_cast<double>(wireOut)/static_cast<double>(std::max<std::uint64_t>(bytesOut, 1)));
		report("client_wire_bytes_per_plain_byte", text);
	}
	std::snprintf(text, sizeof(text), "%s (%llu messages sent)", complete ? "every echo intact" : "FAILED", static_cast<unsigned long long>(bytesOut/std::max<std::size_t>(_options.size, 1)));
	report("verified", text);
	return complete ? 0 : 1;
}


int LoadGenerator::idle()
{
	const ProcessSample before = ProcessSample::of(_options.serverPid);
	const std::uint64_t start = now();
	const std::uint64_t deadline = start + static_cast<std::uint64_t>((_options.connections/_options.rate)*1e9) + static_cast<std::uint64_t>(OPEN_TIMEOUT_MS)*1000000;
	int opened = 0;
	int failed = 0;
	auto countStates = [&]
	{
		opened = 0;
		failed = 0;
		for (const Peer& peer: _peers)
		{
			if (peer.connection->state() == ClientConnection::OPEN) ++opened;
			else if (peer.connection->state() != ClientConnection::CONNECTING && peer.connection->state() != ClientConnection::HANDSHAKING) ++failed;
		}
	};
	while (now() < deadline)
	{
		// Open at the rate asked for: as many as should have started by now.
		const double elapsed = static_cast<double>(now() - start)/1e9;
		const int due = std::min(_options.connections, static_cast<int>(elapsed*_options.rate) + 1);
		while (static_cast<int>(_peers.size()) < due) openPeer();
		wait(1);
		countStates();
		if (static_cast<int>(_peers.size()) == _options.connections && opened + failed == _options.connections) break;
	}
	const double openSeconds = static_cast<double>(now() - start)/1e9;

	// Alive: each open session echoes one message.
	_measuring = false;
	for (Peer& peer: _peers)
	{
		if (peer.connection->state() != ClientConnection::OPEN) continue;
		if (_options.deflate && !startDeflate(peer)) return 1;
		sendMessage(peer);
		watch(peer, false);
	}
	const std::uint64_t aliveDeadline = now() + static_cast<std::uint64_t>(DRAIN_TIMEOUT_MS)*1000000;
	auto allAnswered = [this] { return std::all_of(_peers.begin(), _peers.end(), [](const Peer& p) { return p.sentAt.empty(); }); };
	while (!allAnswered() && now() < aliveDeadline) wait(100);
	int alive = 0;
	for (const Peer& peer: _peers) alive += peer.received > 0 ? 1 : 0;
	const ProcessSample held = ProcessSample::of(_options.serverPid);

	const std::uint64_t holdEnd = now() + static_cast<std::uint64_t>(_options.hold*1e9);
	while (now() < holdEnd) wait(100);
	closeAll(10);
	int closedCleanly = 0;
	for (const Peer& peer: _peers) closedCleanly += peer.closeReceived && peer.connection->state() == ClientConnection::CLOSED ? 1 : 0;

	char text[160];
	report("mode", "idle");
	std::snprintf(text, sizeof(text), "%d of %d (%d failed) in %.2f s, at most %.0f/s", opened, _options.connections, failed, openSeconds, _options.rate);
	report("opened", text);
	std::snprintf(text, sizeof(text), "%d", alive);
	report("alive", text);
	if (before.valid && held.valid && alive > 0)
	{
		std::snprintf(text, sizeof(text), "%ld KiB before, %ld KiB with the sessions, %.1f KiB per session, %d threads", before.residentKiB, held.residentKiB,
			static_cast<double>(held.residentKiB - before.residentKiB)/alive, held.threads);
		report("server_rss", text);
	}
	std::snprintf(text, sizeof(text), "%d", closedCleanly);
	report("closed_cleanly", text);
	return failed == 0 && alive == opened && closedCleanly == opened ? 0 : 1;
}


void LoadGenerator::closeAll(double seconds)
{
	for (Peer& peer: _peers)
	{
		if (peer.connection->state() != ClientConnection::OPEN) continue;
		const char normal[2] = {static_cast<char>(0x03), static_cast<char>(0xE8)};
		peer.connection->send(Opcode::CLOSE, normal, sizeof(normal));
		peer.closeSent = true;
		watch(peer, false);
	}
	const std::uint64_t deadline = now() + static_cast<std::uint64_t>(seconds*1e9);
	auto finished = [this]
	{
		return std::all_of(_peers.begin(), _peers.end(), [](const Peer& p) { return !p.closeSent || p.connection->state() != ClientConnection::OPEN; });
	};
	while (!finished() && now() < deadline) wait(100);
}


} // namespace pocows
