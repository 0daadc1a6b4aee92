// model.h: the socket timeout state machine the documents describe, with no
// sockets in it.
//
// A ModuleModel holds the module's default timeout; a SocketModel holds one
// socket object's setting. Both answer the Python-level calls
// (settimeout, gettimeout, setblocking, getblocking, setdefaulttimeout,
// getdefaulttimeout) with the Outcome the profile's document prescribes, and
// predict what the blocking operations do when the kernel cannot complete
// them at once. The reference socket (impl/socket) keeps one SocketModel per
// socket and obeys it; the model-based test (impl/tests/socket) checks the
// two against each other step by step.
//
// Profile differences modelled here (quotes from shared/seeds):
//   1.x   "Non-blocking mode is supported through the setblocking() method":
//         no settimeout/gettimeout/setdefaulttimeout, no socketpair.
//   2.4   settimeout/gettimeout ("New in version 2.3"), setblocking(0/1) as
//         shorthands; makefile: "The socket should be in blocking mode."
//   2.6   create_connection(address[, timeout]) ("if it is not given or
//         None, the global default timeout setting is used"); makefile:
//         "The socket must be in blocking mode (it can not have a timeout)."
//   3.3   create_connection's source_address; "Sockets are by default always
//         created in blocking mode, but this can be changed by calling
//         setdefaulttimeout()"; accept inheritance ("Timeouts and the accept
//         method"); makefile: "The socket must be in blocking mode; it can
//         have a timeout".
//   3.12  getblocking(); socket.timeout is TimeoutError; setblocking takes
//         any object's truth value (CPython 3.12); sendall's timeout bounds
//         the whole call (CPython 3.5+).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"
#include "result.h"
#include "setting.h"

namespace sock::timeout {

// What each profile's document defines among the timeout-related calls.
struct Features {
  bool settimeout = false;              // settimeout/gettimeout: 2.3+, absent from 1.x
  bool default_timeout = false;         // setdefaulttimeout/getdefaulttimeout: 2.3+
  bool getblocking = false;             // 3.7+: the 3.12 profile only
  bool socketpair = false;              // 2.4+
  bool create_connection = false;       // 2.6+
  bool source_address = false;          // create_connection(..., source_address): 3.2+
  bool sock_nonblock_type = false;      // socket(type=SOCK_STREAM | SOCK_NONBLOCK): 3.2+
};

[[nodiscard]] Features features(Profile profile);

// When sendall's timeout runs out. CPython before 3.5 restarted it for
// every send(); 3.5 made it "the maximum total duration to send all data"
// (the full 3.12 document says so; the seed excerpt of it does not). The
// 3.3 profile also judges CPython 3.5-3.11, so a conformance case for 3.3
// must accept both; the reference follows the document's own era.
enum class SendallDeadline : std::uint8_t { per_send, whole_call };

[[nodiscard]] SendallDeadline sendall_deadline(Profile profile);

// create_connection(address, None): the 2.6 document says the default
// timeout applies ("if it is not given or None, the global default timeout
// setting is used"); from 3.3 None is an explicit settimeout(None). CPython
// 2.6/2.7 already did the latter (observed on 2.7.18): a document bug the
// spec keeps, since the document is the spec.
[[nodiscard]] bool create_connection_none_means_default(Profile profile);

// The blocking operations of a socket object.
enum class Op : std::uint8_t { accept, connect, connect_ex, recv, recv_into, recvfrom, send, sendall, sendto };

[[nodiscard]] std::string_view to_string(Op op);

// What an operation does when the kernel cannot complete it at once (no
// data, no connection to accept, no buffer space, a connection still being
// set up).
struct NotReady {
  enum class Kind : std::uint8_t {
    fail_now,          // raise `outcome` without waiting (non-blocking mode, closed socket)
    return_now,        // return `outcome` without waiting (connect_ex: EINPROGRESS)
    fail_after,        // wait `after`, then raise `outcome` (timeout mode)
    return_after,      // wait `after`, then return `outcome` (connect_ex in timeout mode)
    wait_forever,      // blocking mode, or a timeout too large to bound
  };
  Kind kind = Kind::wait_forever;
  Outcome outcome;
  std::chrono::nanoseconds after{0};
};

// Whether makefile() may be called in a mode. "should" in the 2.4 document
// is advice (discouraged); "must" in 2.6 and 3.3+ is a precondition
// (forbidden): the documents name no exception, and CPython does not check
// it, so the reference's refusal (ValueError) is its own choice and a
// conformance case must treat refusal as implementation-defined.
enum class MakefileVerdict : std::uint8_t { permitted, discouraged, forbidden };

struct MakefileRule {
  MakefileVerdict verdict = MakefileVerdict::permitted;
  std::string_view quote;  // the sentence the verdict rests on (empty: the document is silent)
};

[[nodiscard]] MakefileRule makefile_rule(Mode mode, Profile profile);

// The settings a socket returned by accept() may have. One element: the
// document says which; two: "operating system-dependent".
struct AcceptRule {
  std::vector<Setting> acceptable;
  std::string_view quote;
  [[nodiscard]] bool platform_defined() const { return acceptable.size() > 1; }
};

// ---------------------------------------------------------------------------

// The module-level state: the default timeout new sockets start with.
class ModuleModel {
 public:
  explicit ModuleModel(Profile profile) : profile_(profile) {}

  [[nodiscard]] Profile profile() const { return profile_; }

  // setdefaulttimeout(value) -> None, or the parse error; unsupported in 1.x.
  [[nodiscard]] Outcome setdefaulttimeout(const Value& value);
  [[nodiscard]] Result<Setting> plan_setdefaulttimeout(const Value& value) const;
  void commit_default(const Setting& setting) { default_ = setting; }

  // getdefaulttimeout() -> None or float; unsupported in 1.x.
  [[nodiscard]] Outcome getdefaulttimeout() const;

  [[nodiscard]] const Setting& default_setting() const { return default_; }

  // The setting of a new socket object: socket(), socketpair(), fromfd(),
  // and create_connection() before its timeout argument. "When the socket
  // module is first imported, the default is None"; setdefaulttimeout
  // affects only sockets created after it. A type with SOCK_NONBLOCK (3.3+)
  // makes a non-blocking socket whatever the default.
  [[nodiscard]] Setting new_socket(bool sock_nonblock = false) const;

  // The settings of a socket accepted from a listener with setting
  // `listener`, under the current default (3.3 "Timeouts and the accept
  // method"; before 3.3 an accepted socket is simply a new socket object).
  [[nodiscard]] AcceptRule accepted(const Setting& listener) const;

 private:
  Profile profile_;
  Setting default_;
};

// One socket object's timeout state.
class SocketModel {
 public:
  SocketModel(Profile profile, Setting initial) : profile_(profile), setting_(initial) {}

  [[nodiscard]] Profile profile() const { return profile_; }
  [[nodiscard]] const Setting& setting() const { return setting_; }
  [[nodiscard]] Mode mode() const { return setting_.mode(); }
  [[nodiscard]] bool closed() const { return closed_; }

  // The Python calls, answered as the profile's document prescribes.
  [[nodiscard]] Outcome settimeout(const Value& value);
  [[nodiscard]] Outcome setblocking(const Value& flag);
  [[nodiscard]] Outcome gettimeout() const;
  [[nodiscard]] Outcome getblocking() const;
  void close() { closed_ = true; }

  // The setting settimeout/setblocking would make, or the exception, without
  // changing the model: the real socket applies it to its descriptor first
  // and commits only when that worked.
  [[nodiscard]] Result<Setting> plan_settimeout(const Value& value) const;
  [[nodiscard]] Result<Setting> plan_setblocking(const Value& flag) const;
  void commit(const Setting& setting) { setting_ = setting; }

  // What `op` does when it cannot complete at once.
  [[nodiscard]] NotReady when_not_ready(Op op) const;

  [[nodiscard]] MakefileRule makefile() const { return makefile_rule(mode(), profile_); }

 private:
  Profile profile_;
  Setting setting_;
  bool closed_ = false;
};

}  // namespace sock::timeout
