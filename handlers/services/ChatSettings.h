//
// ChatSettings.h
//
// What the chat service can be told, as plain values.
//


#ifndef Pocows_ChatSettings_INCLUDED
#define Pocows_ChatSettings_INCLUDED


#include <cstddef>
#include <string>


namespace pocows {


struct ChatSettings
{
	std::string defaultRoom = "lobby";
		///< the room of a /chat session whose URI names none
	int messagesPerSecond = 10;
		///< messages a session may send per second, with bursts of twice that; one more closes it with 1008; 0 sets no limit
	std::size_t maxTextLength = 4096;
		///< bytes of text a chat message may have; a longer one is answered with an error
};


} // namespace pocows


#endif // Pocows_ChatSettings_INCLUDED
