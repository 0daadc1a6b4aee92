// spec.h: the loaded specification: statements and the cases that test
// them, with where each came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/targets/target.h"
#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sockcheck {

struct SourceLocation {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;

  [[nodiscard]] std::string to_string() const;
};

struct Citation {
  std::string doc;    // seed file name
  std::string quote;  // the sentence tested
};

// One acceptable outcome: a value or a raised exception class.
struct Acceptable {
  sock::OutcomeKind kind = sock::OutcomeKind::value;  // value or raised
  sock::Value value;
  std::string error_class;
  std::string label;  // who behaves so ("posix", "glibc"); empty for ground truth
};

// A step that prepares the call a case tests: creates a socket, sets a
// timeout, starts a loopback peer ("fixture." operations run in the
// harness, not the target). Its result can be bound to a name that later
// steps and the tested call pass on with !ref.
struct Step {
  Call call;
  std::string bind;                // empty: the result is not kept
  std::vector<Acceptable> accept;  // empty: any value passes, an exception fails the case
  SourceLocation where;
};

// A timing expectation on the tested call, in seconds of wall time.
struct Elapsed {
  double min = 0;
  double max = 0;
};

struct Case {
  std::string id;
  std::string area;
  Citation source;
  std::vector<std::string> statements;
  sock::VersionRange versions;
  Call call;
  // Ground truth has one acceptable outcome; an implementation-defined
  // case lists each one it allows, with the reason.
  std::vector<Acceptable> accept;
  bool implementation_defined = false;
  std::string reason;
  std::vector<std::string> tags;
  std::string note;
  SourceLocation where;
  std::vector<Step> setup;         // run in order, in one session, before `call`
  std::optional<Elapsed> elapsed;  // how long `call` must take

  // A case with set-up steps runs in a session of its own (its steps share
  // objects); others run in batches.
  [[nodiscard]] bool needs_session() const { return !setup.empty(); }
};

struct Statement {
  std::string id;
  std::string doc;
  std::string area;
  std::string quote;
  std::string untestable;  // empty when testable
  SourceLocation where;
};

struct Spec {
  std::vector<Case> cases;            // sorted by id
  std::vector<Statement> statements;  // sorted by id
  std::vector<std::string> files;     // every file loaded
};

// The call as Python would write it: inet_pton(AF_INET, '1.2.3.4').
[[nodiscard]] std::string call_text(const Call& call);

}  // namespace sockcheck
