//
// LoadGenerator.h
//
// Drives many WebSocket connections to pocows (or any echo server) from one thread with epoll.
//


#ifndef Pocows_LoadGenerator_INCLUDED
#define Pocows_LoadGenerator_INCLUDED


#include "ClientConnection.h"
#include "ProcessSample.h"
#include "TelemetryCorpus.h"
#include "rfc6455/MessageInflater.h"
#include <cstdint>
#include <deque>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <vector>


namespace pocows {


class LoadGenerator
	/// Two measurements, each printed as "name: value" lines:
	///
	/// echo: N connections each keep K messages of a given size in flight for
	/// a given time; every echo is checked byte for byte against what was
	/// sent; prints round trips/s, MB/s each way, latency percentiles and,
	/// given the server's pid, its CPU time per round trip and its RSS.
	/// With deflate, the messages are JSON telemetry records (a corpus of
	/// distinct ones, cycled), sent compressed with permessage-deflate, and
	/// the echoes are inflated before they are checked; it also prints how
	/// many bytes each way went over the wire for every plain byte.
	///
	/// idle: opens N sessions at a bounded rate, proves each alive with one
	/// message, holds them, then closes them all with the close handshake;
	/// prints opened/failed, the time taken, and the server's RSS per session.
{
public:
	struct Options
	{
		std::string host = "127.0.0.1";
		int port = 0;
		int connections = 16;
		std::size_t size = 32;
		bool binary = false;
		int inFlight = 1;
		double seconds = 5;
		double rate = 1000;        ///< idle: new sessions per second
		double hold = 1;           ///< idle: seconds to hold them open
		int serverPid = 0;
		bool deflate = false;      ///< echo: offer permessage-deflate, send the corpus compressed
	};

	explicit LoadGenerator(const Options& options);

	~LoadGenerator();

	int echo();
		/// Returns the exit status: 0 if every echo arrived intact.

	int idle();

private:
	struct Peer
	{
		std::unique_ptr<ClientConnection> connection;
		std::deque<std::uint64_t> sentAt;   // send times (ns) of the messages in flight
		std::uint64_t sent = 0;             // messages sent, also the next message's number
		std::uint64_t received = 0;
		bool closeSent = false;
		bool closeReceived = false;
		unsigned char messageOpcode = 0;  // of a fragmented message being reassembled
		bool messageCompressed = false;
		std::string fragments;
		std::unique_ptr<MessageInflater> inflater;  // with deflate negotiated
		bool serverKeepsContext = false;
		std::string inflated;
	};

	void openPeer();
	void watch(Peer& peer, bool added);
	int wait(int milliseconds);
	void serve(Peer& peer);
	void sendMessage(Peer& peer);
	bool receiveData(Peer& peer, const ClientConnection::Frame& frame);
	bool checkEcho(Peer& peer, unsigned char opcode, const char* payload, std::size_t size);
	bool startDeflate(Peer& peer);
	bool inflate(Peer& peer, const char* payload, std::size_t size);
	void closeAll(double seconds);
	void report(const std::string& name, const std::string& value) const;
	static std::uint64_t now();

	const Options _options;
	sockaddr_in _address;
	int _epoll;
	std::vector<Peer> _peers;
	std::vector<std::uint32_t> _latencies;  // microseconds
	bool _measuring;
	bool _mismatch;
	std::uint64_t _bytesOut;
	std::uint64_t _bytesIn;
	std::unique_ptr<TelemetryCorpus> _corpus;     // with deflate: the messages
	std::uint64_t _wireOut;                       // payload bytes as framed, compressed or not
	std::uint64_t _wireIn;
	std::string _extensions;                      // what the server accepted
};


} // namespace pocows


#endif // Pocows_LoadGenerator_INCLUDED
