//
// FileBody.cpp
//
// The platform's own implementation: sendfile(2) and the file cache on Linux,
// a bounded buffer through a POCO stream elsewhere.
//


#include "files/FileBody.h"


#if defined(__linux__)
#include "FileBody_LINUX.cpp"
#else
#include "FileBody_STD.cpp"
#endif
