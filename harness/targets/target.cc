#include "target.h"

namespace sockcheck {

namespace {

class StatelessSession final : public TargetSession {
 public:
  explicit StatelessSession(Target& target) : target_(target) {}
  sock::Outcome call(const Call& c) override {
    auto out = target_.run(std::span(&c, 1));
    return out.size() == 1 ? std::move(out.front()) : sock::Outcome::errored("target answered no outcome");
  }

 private:
  Target& target_;
};

}  // namespace

std::unique_ptr<TargetSession> Target::open_session() { return std::make_unique<StatelessSession>(*this); }

}  // namespace sockcheck
