//
// ProcessSample.h
//
// What /proc says about a process at one moment: CPU time used and resident memory.
//


#ifndef Pocows_ProcessSample_INCLUDED
#define Pocows_ProcessSample_INCLUDED


namespace pocows {


struct ProcessSample
{
	double cpuSeconds = 0;     ///< user + system time since the process started
	long residentKiB = 0;      ///< VmRSS
	int threads = 0;
	bool valid = false;

	static ProcessSample of(int pid);
		/// Reads /proc/PID/stat and /proc/PID/status; invalid if pid is 0 or gone.
};


} // namespace pocows


#endif // Pocows_ProcessSample_INCLUDED
