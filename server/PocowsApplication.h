//
// PocowsApplication.h
//
// The pocows program: options, configuration, start and stop.
//


#ifndef Pocows_PocowsApplication_INCLUDED
#define Pocows_PocowsApplication_INCLUDED


#include "Poco/Util/ServerApplication.h"
#include <string>


namespace pocows {


class PocowsApplication: public Poco::Util::ServerApplication
	/// Runs pocows in the foreground, as a Unix daemon (--daemon, --pidfile)
	/// or as a Windows service (/registerService), as POCO's ServerApplication
	/// provides. The configuration comes from --config=FILE or, failing that,
	/// from pocows.ini beside the executable; without either, every setting
	/// keeps its default.
{
public:
	PocowsApplication();

protected:
	void initialize(Poco::Util::Application& self) override;
	void defineOptions(Poco::Util::OptionSet& options) override;
	void handleOption(const std::string& name, const std::string& value) override;
	int main(const ArgVec& args) override;

private:
	void handleHelp(const std::string& name, const std::string& value);
	void handleConfig(const std::string& name, const std::string& value);
	void handlePort(const std::string& name, const std::string& value);
	void loadConfigurationFile();
	void chooseDaemonLogChannel();
	void prepareLogFiles();
	void raiseOpenFileLimit(int maxThreads);
	void blockStopSignals();
	void stopAtOnceOnSecondSignal();

	bool _helpRequested;
	std::string _configFile;
	std::string _port;
	std::string _pidFile;
};


} // namespace pocows


#endif // Pocows_PocowsApplication_INCLUDED
