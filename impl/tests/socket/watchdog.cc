// watchdog.cc: linked into every test binary that waits on real sockets. A
// socket bug in these tests shows up as a wait that never ends (a blocking
// recv that should have timed out); instead of hanging until ctest's own
// timeout, the process reports it and exits after SOCKCHECK_TEST_WATCHDOG_S
// seconds (default 120: the slowest binary needs about 5).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <unistd.h>

namespace {

struct Watchdog {
  Watchdog() {
    const char* env = std::getenv("SOCKCHECK_TEST_WATCHDOG_S");
    const int seconds = env != nullptr ? std::atoi(env) : 120;
    if (seconds <= 0) return;
    // Detached: it sleeps through a normal run and dies with the process.
    std::thread([seconds] {
      std::this_thread::sleep_for(std::chrono::seconds(seconds));
      std::fprintf(stderr, "watchdog: test still running after %d s; a wait has no bound\n", seconds);
      std::fflush(stderr);
      _exit(3);
    }).detach();
  }
};

const Watchdog watchdog;

}  // namespace
