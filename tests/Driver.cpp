//
// Driver.cpp
//
// Runs the CppUnit suites named on the command line (each registered under its
// own name), so that CTest can run, time and report them one by one.
//


#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TextOutputter.h>
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <iostream>


int main(int argc, char** argv)
{
	if (argc < 2)
	{
		std::cerr << "usage: " << argv[0] << " SUITE [SUITE...]" << std::endl;
		return 2;
	}
	CppUnit::TestRunner runner;
	for (int i = 1; i < argc; ++i)
	{
		runner.addTest(CppUnit::TestFactoryRegistry::getRegistry(argv[i]).makeTest());
	}
	CppUnit::TestResult controller;
	CppUnit::TestResultCollector result;
	CppUnit::BriefTestProgressListener progress;
	controller.addListener(&result);
	controller.addListener(&progress);
	runner.run(controller);
	CppUnit::TextOutputter(&result, std::cout).write();
	return result.wasSuccessful() && result.runTests() > 0 ? 0 : 1;
}
