// sockcheck-adapter-bench: pipelined calls per second through one adapter
// process, as the harness sees them (encoding, pipes, decoding included).
//
//   sockcheck-adapter-bench [--calls N] [--batch B] [--op OP] [--args JSON] -- CMD...
//
// Prints one JSON line: {"calls":N,"seconds":S,"per_second":R,"errored":E,
// "implementation":"..."}; bench/adapter-throughput runs it for every
// adapter and for a bare JSON-lines loop in the same language.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/adapter/adapter_target.h"
#include "harness/protocol/value_json.h"

int main(int argc, char** argv) {
  using namespace sockcheck;
  long calls = 200000, batch = 10000;
  std::string op = "inet_aton";
  nlohmann::json args = nlohmann::json::array({"127.0.0.1"});
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
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  for (; i < argc; ++i) options.argv.emplace_back(argv[i]);
  if (options.argv.empty() || batch <= 0 || calls <= 0) {
    std::cerr << "usage: sockcheck-adapter-bench [--calls N] [--batch B] [--op OP] [--args JSON] -- CMD...\n";
    return 2;
  }
  Call call{op, {}};
  for (const auto& a : args) {
    sock::Value v;
    std::string error;
    if (!value_from_json(a, v, error)) {
      std::cerr << "--args: " << error << "\n";
      return 2;
    }
    call.args.push_back(std::move(v));
  }
  try {
    adapter::AdapterTarget target(options);
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
                                 {"errored", errored}, {"implementation", target.hello().name + " " + target.hello().version}})
                     .dump()
              << "\n";
    return errored == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "sockcheck-adapter-bench: " << e.what() << "\n";
    return 1;
  }
}
