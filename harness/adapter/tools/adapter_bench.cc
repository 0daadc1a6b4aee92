// sockcheck-adapter-bench: pipelined calls per second through one adapter
// process, as the harness sees them (encoding, pipes, decoding included).
//
//   sockcheck-adapter-bench [--calls N] [--batch B] [--op OP --args JSON] -- CMD...
//   sockcheck-adapter-bench [...] --adapter NAME     (an adapter of adapters/)
//   sockcheck-adapter-bench --list                   (the available adapters)
//
// Without --op, the first of inet_pton(AF_INET, "127.0.0.1"),
// inet_aton("127.0.0.1"), htons(1) the adapter offers. Prints one JSON line:
// {"calls":N,"seconds":S,"per_second":R,"errored":E,"op":...,
// "implementation":..., "language":...}; bench/adapter-throughput runs it
// for every adapter and for a bare JSON-lines loop in the same language.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/adapter/adapter_target.h"
#include "harness/adapter/manifest.h"
#include "harness/protocol/value_json.h"

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
    const auto t0 = std::chrono::steady_clock::now();
    while (done < calls) {
      const auto n = static_cast<std::size_t>(std::min(batch, calls - done));
      for (const auto& o : target.run(std::span<const Call>(one_batch.data(), n))) {
        errored += o.kind == sock::OutcomeKind::errored;
      }
      done += static_cast<long>(n);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << nlohmann::json({{"calls", done}, {"seconds", seconds}, {"per_second", static_cast<double>(done) / seconds},
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
