// sockcheck call: one operation on one target, one JSON line out.
#include <iostream>

#include "harness/cli/common.h"
#include "harness/protocol/value_json.h"
#include "harness/spec/loader.h"
#include "harness/targets/registry.h"

namespace sockcheck::cli {

namespace {

struct CallArgs {
  std::string target = "ref";
  std::string profile;
  std::string op;
  std::vector<std::string> args;
};

int call(const CallArgs& a) {
  const auto profile = parse_profile_option(a.profile);
  Call c{a.op, {}};
  try {
    for (const auto& text : a.args) c.args.push_back(parse_value_text(text));
  } catch (const SpecError& e) {
    std::cerr << "sockcheck: " << e.what() << '\n';
    return kExitUsage;
  }
  auto targets = make_targets({a.target}, profile);
  if (!targets) return kExitUsage;
  Target& target = *targets->front();
  const sock::Outcome outcome =
      target.supports(a.op) ? target.run(std::span(&c, 1)).at(0) : sock::Outcome::unsupported("the target has no " + a.op);
  nlohmann::json args = nlohmann::json::array();
  for (const auto& v : c.args) args.push_back(to_json(v));
  const nlohmann::json line{{"target", a.target},
                            {"profile", std::string(sock::name(target.info().profile))},
                            {"op", a.op},
                            {"args", args},
                            {"outcome", to_json(outcome)}};
  std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return outcome.kind == sock::OutcomeKind::errored ? kExitFailed : kExitPassed;
}

}  // namespace

void add_call_command(CLI::App& app, Exit& exit) {
  auto args = std::make_shared<CallArgs>();
  auto* cmd = app.add_subcommand("call",
                                 "Run one operation on one target and print the outcome as one JSON line.\n"
                                 "Arguments use the spec's value syntax: 1.2.3.4, \"'123'\", '!bytes 7f000001', "
                                 "'!const AF_INET', '[a, 1]'");
  cmd->add_option("--target,-t", args->target, "Target")->capture_default_str();
  cmd->add_option("--profile,-p", args->profile, "Spec version the target follows");
  cmd->add_option("op", args->op, "Operation, e.g. inet_pton")->required();
  cmd->add_option("args", args->args, "Arguments");
  cmd->callback([args, &exit] { exit.code = call(*args); });
}

}  // namespace sockcheck::cli
