// sockcheck-ref-adapter: the reference implementation served through the
// adapter protocol, so that the same spec can be run in-process (`ref`) and
// across the protocol (`ref-adapter`) and the two compared: any difference
// is a bug in the protocol machinery, not in the reference.
//
//   sockcheck-ref-adapter [--profile 3.12] [--dialect posix|glibc]
//
// Every call goes to sock::ops::call, the binding layer the in-process
// targets use, over the reference engine in the chosen dialect.
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "adapters/common/jsonl_loop.hpp"
#include "harness/protocol/value_json.h"
#include "impl/inet/dialect.h"
#include "impl/ops/operations.h"
#include "impl/ops/session.h"

int main(int argc, char** argv) {
  using nlohmann::json;
  sock::Profile profile = sock::kNewestProfile;
  sock::inet::Dialect dialect = sock::inet::Dialect::posix;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--profile") == 0) {
      const auto p = sock::parse_profile(argv[i + 1]);
      if (!p) return std::cerr << "unknown profile " << argv[i + 1] << "\n", 2;
      profile = *p;
    } else if (std::strcmp(argv[i], "--dialect") == 0) {
      const auto d = sock::inet::parse_dialect(argv[i + 1]);
      if (!d) return std::cerr << "unknown dialect " << argv[i + 1] << "\n", 2;
      dialect = *d;
    } else {
      return std::cerr << "usage: sockcheck-ref-adapter [--profile P] [--dialect D]\n", 2;
    }
  }
  // One session for the process: objects (sockets) live until dropped or
  // until the adapter exits, as the protocol's handles do.
  sock::ops::Session session;
  const sock::ops::Context context{profile, &sock::ops::reference_engine(dialect), &session};
  json ops = json::array();
  for (const auto& op : sock::ops::operations()) ops.push_back(std::string(op.name));
  const json hello = {
      {"protocol", 1},
      {"implementation",
       {{"name", "ref"},
        {"version", SOCKCHECK_VERSION},
        {"language", "c++"},
        {"description", "sockcheck reference (" + std::string(sock::inet::name(dialect)) + " dialect), over the protocol"}}},
      {"profile", std::string(sock::name(profile))},
      {"ops", ops},
      {"families", {"AF_INET", "AF_INET6"}},
  };
  return sockcheck_adapter::serve(hello, [&](const std::string& op, const json& args) -> json {
    std::vector<sock::Value> values;
    values.reserve(args.size());
    for (const auto& a : args) {
      sock::Value v;
      std::string error;
      if (!sockcheck::value_from_json(a, v, error)) return {{"errored", "bad argument: " + error}};
      values.push_back(std::move(v));
    }
    // Calls that can wait report their own duration ("elapsed"), so a
    // timing case is judged by the call and not by the pipe around it, as
    // the in-process `ref` is; conversions leave it out.
    const bool timed = op.starts_with("socket.") || op.starts_with("file.") || op == "create_connection";
    const auto start = std::chrono::steady_clock::now();
    const sock::Outcome outcome = sock::ops::call(op, values, context);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json reply = sockcheck::to_json(outcome);
    if (timed && (outcome.returned_value() || outcome.raised())) reply["elapsed"] = seconds;
    return reply;
  }, [&](const std::string& handle) { session.remove(sock::Handle{handle}); });
}
