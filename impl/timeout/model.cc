#include "model.h"

#include <cerrno>

#include "errors.h"

namespace sock::timeout {

Features features(Profile p) {
  Features f;
  f.settimeout = p >= Profile::v2_4;
  f.default_timeout = p >= Profile::v2_4;
  f.getblocking = p >= Profile::v3_12;
  f.socketpair = p >= Profile::v2_4;
  f.create_connection = p >= Profile::v2_6;
  f.source_address = p >= Profile::v3_3;
  f.sock_nonblock_type = p >= Profile::v3_3;
  return f;
}

SendallDeadline sendall_deadline(Profile p) {
  return p >= Profile::v3_12 ? SendallDeadline::whole_call : SendallDeadline::per_send;
}

bool create_connection_none_means_default(Profile p) { return p == Profile::v2_6; }

std::string_view to_string(Op op) {
  switch (op) {
    case Op::accept: return "accept";
    case Op::connect: return "connect";
    case Op::connect_ex: return "connect_ex";
    case Op::recv: return "recv";
    case Op::recv_into: return "recv_into";
    case Op::recvfrom: return "recvfrom";
    case Op::send: return "send";
    case Op::sendall: return "sendall";
    case Op::sendto: return "sendto";
  }
  return "?";
}

MakefileRule makefile_rule(Mode mode, Profile p) {
  switch (p) {
    case Profile::v1:
      // The 1.x seed has no socket-object page; nothing restricts makefile.
      return {MakefileVerdict::permitted, {}};
    case Profile::v2_4:
      if (mode == Mode::blocking) return {MakefileVerdict::permitted, {}};
      return {MakefileVerdict::discouraged, "The socket should be in blocking mode."};
    case Profile::v2_6:
      if (mode == Mode::blocking) return {MakefileVerdict::permitted, {}};
      return {MakefileVerdict::forbidden, "The socket must be in blocking mode (it can not have a timeout)."};
    case Profile::v3_3:
    case Profile::v3_12:
      if (mode != Mode::non_blocking) return {MakefileVerdict::permitted, {}};
      return {MakefileVerdict::forbidden, "The socket must be in blocking mode; it can have a timeout"};
  }
  return {};
}

// ---------------------------------------------------------------------------

Result<Setting> ModuleModel::plan_setdefaulttimeout(const Value& value) const {
  if (!features(profile_).default_timeout) return not_in_profile("setdefaulttimeout", profile_);
  return parse_timeout(value, profile_);
}

Outcome ModuleModel::setdefaulttimeout(const Value& value) {
  auto planned = plan_setdefaulttimeout(value);
  if (!planned) return to_outcome(planned.error());
  default_ = planned.value();
  return Outcome::returned(Value());
}

Outcome ModuleModel::getdefaulttimeout() const {
  if (!features(profile_).default_timeout) return to_outcome(not_in_profile("getdefaulttimeout", profile_));
  return Outcome::returned(default_.python_value());
}

Setting ModuleModel::new_socket(bool sock_nonblock) const {
  if (sock_nonblock && features(profile_).sock_nonblock_type) return Setting::non_blocking();
  return default_;
}

AcceptRule ModuleModel::accepted(const Setting& listener) const {
  if (profile_ < Profile::v3_3) {
    // Before 3.3 the documents say only that sockets are created in blocking
    // mode and that the default applies to "new socket objects"; accept
    // returns "a *new* socket object". CPython 2.7 agrees (observed).
    return {{default_}, "setdefaulttimeout: Set the default timeout in floating seconds for new socket objects."};
  }
  if (!default_.is_none()) {
    return {{default_},
            "If getdefaulttimeout() is not None, sockets returned by the accept() method inherit that timeout."};
  }
  if (listener.mode() != Mode::non_blocking) {
    return {{Setting::blocking()},
            "if the listening socket is in blocking mode or in timeout mode, the socket returned by accept() is in "
            "blocking mode"};
  }
  return {{Setting::blocking(), Setting::non_blocking()},
          "if the listening socket is in non-blocking mode, whether the socket returned by accept() is in blocking "
          "or non-blocking mode is operating system-dependent."};
}

// ---------------------------------------------------------------------------

Result<Setting> SocketModel::plan_settimeout(const Value& value) const {
  if (!features(profile_).settimeout) return not_in_profile("settimeout", profile_);
  // 2.x replaces a closed socket's methods with ones that raise EBADF at
  // once; 3.x parses the argument first and fails when it applies it.
  if (closed_ && profile_ < Profile::v3_3) return closed_socket(profile_);
  auto parsed = parse_timeout(value, profile_);
  if (!parsed) return parsed;
  if (closed_) return closed_socket(profile_);
  return parsed;
}

Result<Setting> SocketModel::plan_setblocking(const Value& flag) const {
  if (closed_ && profile_ < Profile::v3_3) return closed_socket(profile_);
  auto parsed = parse_blocking_flag(flag, profile_);
  if (!parsed) return parsed.error();
  if (closed_) return closed_socket(profile_);
  // "s.setblocking(0) is equivalent to s.settimeout(0.0); s.setblocking(1)
  // is equivalent to s.settimeout(None)."
  return parsed.value() ? Setting::blocking() : Setting::non_blocking();
}

Outcome SocketModel::settimeout(const Value& value) {
  auto planned = plan_settimeout(value);
  if (!planned) return to_outcome(planned.error());
  setting_ = planned.value();
  return Outcome::returned(Value());
}

Outcome SocketModel::setblocking(const Value& flag) {
  auto planned = plan_setblocking(flag);
  if (!planned) return to_outcome(planned.error());
  setting_ = planned.value();
  return Outcome::returned(Value());
}

Outcome SocketModel::gettimeout() const {
  if (!features(profile_).settimeout) return to_outcome(not_in_profile("gettimeout", profile_));
  // "This reflects the last call to setblocking() or settimeout()". A closed
  // 2.x socket raises EBADF here too; 3.x still answers.
  if (closed_ && profile_ < Profile::v3_3) return to_outcome(closed_socket(profile_));
  return Outcome::returned(setting_.python_value());
}

Outcome SocketModel::getblocking() const {
  if (!features(profile_).getblocking) return to_outcome(not_in_profile("getblocking", profile_));
  // "Return True if socket is in blocking mode, False if in non-blocking":
  // CPython answers gettimeout() != 0, so a socket with a timeout counts as
  // blocking.
  return Outcome::returned(Value(mode() != Mode::non_blocking));
}

NotReady SocketModel::when_not_ready(Op op) const {
  NotReady r;
  if (closed_) {
    r.kind = NotReady::Kind::fail_now;
    r.outcome = to_outcome(closed_socket(profile_));
    return r;
  }
  switch (mode()) {
    case Mode::blocking:
      r.kind = NotReady::Kind::wait_forever;
      return r;
    case Mode::non_blocking:
      // A non-blocking connect has started when it "fails": EINPROGRESS.
      // connect_ex returns that errno instead of raising it.
      if (op == Op::connect_ex) {
        r.kind = NotReady::Kind::return_now;
        r.outcome = Outcome::returned(Value(std::int64_t{EINPROGRESS}));
      } else {
        r.kind = NotReady::Kind::fail_now;
        r.outcome = to_outcome(os_error(profile_, op == Op::connect ? EINPROGRESS : EAGAIN));
      }
      return r;
    case Mode::timeout: break;
  }
  const auto limit = setting_.wait_limit();
  if (!limit) {
    r.kind = NotReady::Kind::wait_forever;
    return r;
  }
  r.after = *limit;
  if (op == Op::connect_ex) {
    // CPython's connect_ex reports a timed-out connect as EWOULDBLOCK
    // (2.7.18, 3.11.7 and 3.12.1 all return 11 on Linux).
    r.kind = NotReady::Kind::return_after;
    r.outcome = Outcome::returned(Value(std::int64_t{EWOULDBLOCK}));
  } else {
    r.kind = NotReady::Kind::fail_after;
    r.outcome = to_outcome(timed_out(profile_));
  }
  return r;
}

}  // namespace sock::timeout
