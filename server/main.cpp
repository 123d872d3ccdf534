//
// main.cpp
//


#include "PocowsApplication.h"
#include <iostream>  // POCO_SERVER_MAIN reports fatal errors on std::cerr


POCO_SERVER_MAIN(pocows::PocowsApplication)
