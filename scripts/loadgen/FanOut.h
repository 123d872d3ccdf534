//
// FanOut.h
//
// The fan-out load: subscribers in one room of a broadcast server, publishers at a fixed rate.
//


#ifndef Pocows_FanOut_INCLUDED
#define Pocows_FanOut_INCLUDED


#include "ClientConnection.h"
#include "rfc6455/MessageInflater.h"
#include <cstdint>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <unordered_map>
#include <vector>


namespace pocows {


class FanOut
	/// Drives a server that relays every text message to every connection,
	/// the sender's included (pocows' /broadcast, Boost.Beast's chat-multi,
	/// a broadcast server on Node's ws), from one thread with epoll.
	///
	/// N subscribers and P publishers connect; once every connection is
	/// seen to get the relay's messages, the publishers send R messages a
	/// second between them, open loop: message k leaves at k/R seconds
	/// whatever came back. Every message carries its publisher, a sequence
	/// number and its send time; every connection checks that each
	/// publisher's messages arrive in order and none is missing, and takes
	/// the delivery latency. K of the subscribers (with small receive
	/// buffers) stop reading when the load begins: they are the slow
	/// consumers, left out of the figures, and the time until the server
	/// cuts them off is taken.
	///
	/// Prints "name: value" lines: deliveries/s, latency percentiles, losses,
	/// the server's CPU per delivery and RSS, and this process' own CPU use;
	/// a run where it was near saturation is marked invalid.
{
public:
	struct Options
	{
		std::string host = "127.0.0.1";
		int port = 0;
		std::string target = "/broadcast";
		std::string protocol;
		int subscribers = 1000;
		int publishers = 4;
		double rate = 100;         ///< messages published per second, all publishers together
		std::size_t size = 64;
		double seconds = 5;
		int slow = 0;              ///< subscribers that stop reading
		double slowWait = 0;       ///< seconds to wait after the load for the slow ones to be cut off
		std::size_t slowSoftLimit = 0;  ///< the server's soft limit, to tell when the slow ones passed it
		double openRate = 0;       ///< connections opened per second at most; 0 as fast as handshakes go
		int serverPid = 0;
		bool deflate = false;      ///< offer permessage-deflate; the filler is chat-like text
	};

	explicit FanOut(const Options& options);
	~FanOut();

	int run();
		/// Returns 0 if every message reached every reading connection in order.

private:
	struct Member
	{
		std::unique_ptr<ClientConnection> connection;
		std::vector<std::uint64_t> next;  // per publisher: the sequence number expected next
		bool joined = false;              // has seen a marker: the server relays to it
		bool slow = false;
		bool cut = false;
		std::uint64_t cutAt = 0;          // ns
		std::uint64_t received = 0;
		int receiveBuffer = 0;            // what the kernel holds for it, in bytes
	};

	bool openAll();
	bool awaitJoins();
	void publish(int publisher, std::uint64_t sequence);
	void sendMarker();
	int wait(int milliseconds);
	void serve(Member& member);
	void receive(Member& member, const char* payload, std::size_t size);
	bool inflated(const char*& payload, std::size_t& size);
	void watch(Member& member, int operation);
	bool allReceived() const;
	void report(const std::string& name, const std::string& value) const;
	static std::uint64_t now();

	const Options _options;
	sockaddr_in _address;
	int _epoll;
	std::vector<Member> _members;      // publishers first
	std::vector<std::uint64_t> _sent;  // per publisher
	std::vector<std::uint32_t> _latencies;  // microseconds
	bool _measuring;
	std::uint64_t _measureFrom;        // ns: deliveries of messages sent earlier are not timed
	std::uint64_t _lost;
	std::uint64_t _disordered;
	std::uint64_t _deliveries;
	std::string _payload;
	// With deflate, every subscriber gets the same compressed bytes of a
	// message (the server compresses it once): each is inflated once.
	std::unique_ptr<MessageInflater> _inflater;
	std::unordered_map<std::string, std::string> _inflatedByPayload;
	std::string _key;
	std::uint64_t _compressedDeliveries;
	std::uint64_t _compressedBytes;
};


} // namespace pocows


#endif // Pocows_FanOut_INCLUDED
