// sockcheck-adapter-bench: pipelined calls per second through one adapter
// process, as the harness sees them (encoding, pipes, decoding included).
//
//   sockcheck-adapter-bench [--calls N] [--batch B] [--op OP --args JSON] -- CMD...
//   sockcheck-adapter-bench [...] --adapter NAME     (an adapter of adapters/)
//   sockcheck-adapter-bench --list                   (the available adapters)
//
// Without --op, the first of inet_pton(AF_INET, "127.0.0.1"),
// inet_aton("127.0.0.1"), htons(1) the adapter offers. Prints one JSON line:
// {"calls":N,"seconds":S,"per_second":R,"cpu_seconds":C,
// "cpu_us_per_call":U,"harness_cpu_seconds":H,"errored":E,"op":...,
// "implementation":..., "language":...}; bench/adapter-throughput runs it
// for every adapter and for a bare JSON-lines loop in the same language.
//
// cpu_seconds is the CPU time (user + system, every thread) that the
// adapter's processes -- this program's descendants -- used during the
// timed calls only: start-up, the handshake and the warm-up batch are left
// out, which a wait4() total could not do. Unlike the wall clock it hardly
// moves when other programs load the machine, so a ratio of two of them
// is the figure to trust on a shared machine.
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/adapter/adapter_target.h"
#include "harness/adapter/manifest.h"
#include "harness/protocol/value_json.h"

namespace {

// The parent of each process, from /proc/PID/stat (field 4, after the
// parenthesised command name, which may itself hold spaces or parentheses).
std::map<pid_t, pid_t> parents() {
  std::map<pid_t, pid_t> out;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return out;
  while (const dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0') continue;
    std::ifstream f(std::string("/proc/") + e->d_name + "/stat");
    std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    if (rest >> state >> ppid) out[static_cast<pid_t>(pid)] = static_cast<pid_t>(ppid);
  }
  ::closedir(d);
  return out;
}

// CPU nanoseconds of one process: the sum of its threads' run time from
// /proc/PID/task/TID/schedstat (nanosecond resolution; /proc/PID/stat only
// counts clock ticks, 10 ms, too coarse for a short run).
double process_cpu_seconds(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  double ns = 0;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(dir + "/" + e->d_name + "/schedstat");
    double run = 0;
    if (f >> run) ns += run;
  }
  ::closedir(d);
  return ns / 1e9;
}

// CPU seconds used so far by every descendant of this process.
double descendants_cpu_seconds() {
  const auto parent = parents();
  std::vector<pid_t> mine{::getpid()};
  double total = 0;
  for (std::size_t k = 0; k < mine.size(); ++k) {
    for (const auto& [pid, ppid] : parent) {
      if (ppid == mine[k]) {
        mine.push_back(pid);
        total += process_cpu_seconds(pid);
      }
    }
  }
  return total;
}

double self_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sockcheck;
  long calls = 200000, batch = 10000;
  std::string op, adapter_name;
  nlohmann::json args = nlohmann::json::array();
  adapter::AdapterOptions options;
  options.processes = 1;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "--calls") calls = std::stol(next());
    else if (a == "--batch") batch = std::stol(next());
    else if (a == "--op") op = next();
    else if (a == "--args") args = nlohmann::json::parse(next());
    else if (a == "--adapter") adapter_name = next();
    else if (a == "--list") {
      for (const auto& l : adapter::list_adapters()) {
        if (l.available) std::cout << l.name << "\n";
        else std::cerr << l.name << ": unavailable: " << l.why_not << "\n";
      }
      return 0;
    }
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  for (; i < argc; ++i) options.argv.emplace_back(argv[i]);
  if ((options.argv.empty() == adapter_name.empty()) || batch <= 0 || calls <= 0) {
    std::cerr << "usage: sockcheck-adapter-bench [--calls N] [--batch B] [--op OP --args JSON] (--adapter NAME | -- CMD...)\n";
    return 2;
  }
  try {
    std::unique_ptr<adapter::AdapterTarget> owned;
    if (!adapter_name.empty()) {
      owned = adapter::make_adapter_target(adapter_name, adapter::AdapterEnvironment::defaults(), options);
    } else {
      owned = std::make_unique<adapter::AdapterTarget>(options);
    }
    adapter::AdapterTarget& target = *owned;
    if (op.empty()) {
      const std::pair<const char*, nlohmann::json> defaults[] = {
          {"inet_pton", nlohmann::json::array({{{"const", "AF_INET"}}, "127.0.0.1"})},
          {"inet_aton", nlohmann::json::array({"127.0.0.1"})},
          {"htons", nlohmann::json::array({1})},
      };
      for (const auto& [name, a] : defaults) {
        if (target.supports(name)) {
          op = name;
          args = a;
          break;
        }
      }
      if (op.empty()) throw std::runtime_error("the adapter offers none of inet_pton, inet_aton, htons; give --op");
    }
    Call call{op, {}};
    for (const auto& a : args) {
      sock::Value v;
      std::string error;
      if (!value_from_json(a, v, error)) throw std::runtime_error("--args: " + error);
      call.args.push_back(std::move(v));
    }
    const std::vector<Call> one_batch(static_cast<std::size_t>(batch), call);
    // One warm-up batch: JIT compilers and caches are not what is measured.
    (void)target.run(one_batch);
    long done = 0, errored = 0;
    const double cpu0 = descendants_cpu_seconds(), self0 = self_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    while (done < calls) {
      const auto n = static_cast<std::size_t>(std::min(batch, calls - done));
      for (const auto& o : target.run(std::span<const Call>(one_batch.data(), n))) {
        errored += o.kind == sock::OutcomeKind::errored;
      }
      done += static_cast<long>(n);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = descendants_cpu_seconds() - cpu0, self = self_cpu_seconds() - self0;
    std::cout << nlohmann::json({{"calls", done}, {"seconds", seconds}, {"per_second", static_cast<double>(done) / seconds},
                                 {"cpu_seconds", cpu}, {"cpu_us_per_call", cpu * 1e6 / static_cast<double>(done)},
                                 {"harness_cpu_seconds", self},
                                 {"errored", errored}, {"op", op},
                                 {"implementation", target.hello().name + " " + target.hello().version},
                                 {"language", target.hello().language}})
                     .dump()
              << "\n";
    return errored == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "sockcheck-adapter-bench: " << e.what() << "\n";
    return 1;
  }
}
