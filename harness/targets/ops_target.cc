#include "ops_target.h"

#include "impl/ops/operations.h"

namespace sockcheck {

namespace {

class OpsTarget final : public Target {
 public:
  OpsTarget(TargetInfo info, const sock::ops::Engine& engine) : info_(std::move(info)), engine_(engine) {}

  const TargetInfo& info() const override { return info_; }

  std::vector<sock::Outcome> run(std::span<const Call> calls) override {
    const sock::ops::Context context{info_.profile, &engine_};
    std::vector<sock::Outcome> out;
    out.reserve(calls.size());
    for (const auto& c : calls) out.push_back(sock::ops::call(c.op, c.args, context));
    return out;
  }

  bool supports(std::string_view op) const override { return sock::ops::find_operation(op) != nullptr; }

  std::unique_ptr<TargetSession> open_session() override { return std::make_unique<Session>(*this); }

 private:
  // The reference's objects (sockets) live in the ops session for as long
  // as the case runs.
  class Session final : public TargetSession {
   public:
    explicit Session(const OpsTarget& target) : target_(target) {}
    sock::Outcome call(const Call& c) override {
      const sock::ops::Context context{target_.info_.profile, &target_.engine_, &objects_};
      return sock::ops::call(c.op, c.args, context);
    }
    void abort() override { objects_.interrupt(); }

   private:
    const OpsTarget& target_;
    sock::ops::Session objects_;
  };

  TargetInfo info_;
  const sock::ops::Engine& engine_;
};

}  // namespace

std::unique_ptr<Target> make_ops_target(TargetInfo info, const sock::ops::Engine& engine) {
  return std::make_unique<OpsTarget>(std::move(info), engine);
}

}  // namespace sockcheck
