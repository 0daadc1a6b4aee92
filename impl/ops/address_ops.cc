// address_ops.cc: socket addresses as operations: the binding's conversion
// of an address tuple to struct sockaddr bytes and back (impl/addr), and a
// real bind/getsockname round trip through the running kernel.
//
// These are harness-level operations, not Python functions: CPython does
// not expose its conversion, so only the in-process targets (ref, libc:
// the same binding over another engine) run them, and adapters report them
// unsupported. Host text goes through the target's engine (inet_pton and
// inet_ntop, as the binding calls them); interface names through the
// model's table (impl/addr/services.h), except in the round trip, which
// asks the machine.
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "impl/addr/constants.h"
#include "impl/addr/getargs.h"
#include "impl/addr/kernel.h"
#include "impl/addr/services.h"
#include "impl/addr/sockaddr.h"
#include "impl/ops/operations.h"

namespace sock::ops {

namespace {

// The target's engine for host text, and the model's or the machine's
// interfaces.
class EngineServices final : public addr::Services {
 public:
  EngineServices(const Engine& engine, bool system_interfaces) : engine_(engine), system_(system_interfaces) {}

  bool inet_pton4(std::string_view text, addr::Ipv4& out) const override {
    unsigned char buf[16] = {};
    if (engine_.inet_pton(AF_INET, std::string(text), buf) != 1) return false;
    std::memcpy(out.data(), buf, 4);
    return true;
  }
  bool inet_pton6(std::string_view text, addr::Ipv6& out) const override {
    unsigned char buf[16] = {};
    if (engine_.inet_pton(AF_INET6, std::string(text), buf) != 1) return false;
    std::memcpy(out.data(), buf, 16);
    return true;
  }
  std::string inet_ntop4(const addr::Ipv4& a) const override {
    std::string out;
    return engine_.inet_ntop(AF_INET, a.data(), out) ? out : "";
  }
  std::string inet_ntop6(const addr::Ipv6& a) const override {
    std::string out;
    return engine_.inet_ntop(AF_INET6, a.data(), out) ? out : "";
  }
  std::optional<int> interface_index(std::string_view name) const override {
    return system_ ? addr::system_services().interface_index(name) : addr::model_interface_index(name);
  }
  std::optional<std::string> interface_name(int index) const override {
    return system_ ? addr::system_services().interface_name(index) : addr::model_interface_name(index);
  }

 private:
  const Engine& engine_;
  bool system_;
};

Outcome arity_error(std::string_view op, std::size_t min, std::size_t max, std::size_t given) {
  return Outcome::raise("TypeError", std::string(op) + "() takes " + std::to_string(min) + " to " +
                                         std::to_string(max) + " arguments (" + std::to_string(given) + " given)");
}

// A family, type or protocol number: an int or a module constant.
std::optional<int> int_of(const Value& v) {
  auto parsed = addr::format_i(v, kNewestProfile);
  if (addr::failed(parsed)) return std::nullopt;
  return std::get<0>(parsed);
}

Outcome not_int(std::string_view what, const Value& v) {
  return Outcome::raise("TypeError", std::string(what) + " must be an int, not " + std::string(v.type_name()));
}

// sockaddr.encode(family, address[, proto]) -> bytes, or the exception the
// binding raises for the address.
Outcome op_encode(std::span<const Value> args, const Context& ctx) {
  if (args.size() < 2 || args.size() > 3) return arity_error("sockaddr.encode", 2, 3, args.size());
  const auto family = int_of(args[0]);
  if (!family) return not_int("family", args[0]);
  const auto proto = args.size() > 2 ? int_of(args[2]) : std::optional<int>(0);
  if (!proto) return not_int("proto", args[2]);
  const EngineServices services(*ctx.engine, false);
  return addr::encode(args[1], {*family, *proto, ctx.profile}, services);
}

// sockaddr.decode(family, packed[, proto]) -> the address the binding
// returns for the bytes a kernel wrote into a socket of that family.
Outcome op_decode(std::span<const Value> args, const Context& ctx) {
  if (args.size() < 2 || args.size() > 3) return arity_error("sockaddr.decode", 2, 3, args.size());
  const auto family = int_of(args[0]);
  if (!family) return not_int("family", args[0]);
  const auto* packed = args[1].get_if<Bytes>();
  if (packed == nullptr) return Outcome::raise("TypeError", "packed must be bytes, not " + std::string(args[1].type_name()));
  if (packed->data.size() > 2 * 128) return Outcome::raise("ValueError", "longer than any socket address");
  const auto proto = args.size() > 2 ? int_of(args[2]) : std::optional<int>(0);
  if (!proto) return not_int("proto", args[2]);
  const EngineServices services(*ctx.engine, false);
  return addr::decode(packed->data, {*family, *proto, ctx.profile}, services);
}

// ---- the kernel round trip -----------------------------------------------------

// What the kernel chose where the address left the choice to it; a case
// cannot know the number, only that one was assigned.
const Value kAssigned = std::string("assigned");

// Replaces the `index`th field of a returned tuple with 'assigned' when the
// request left it open (`asked_open`) and the kernel filled it with a value
// `valid` accepts; anything else stays, so that the case fails visibly.
void mark_assigned(Value& returned, std::size_t index, bool asked_open, bool (*valid)(std::int64_t)) {
  auto* t = std::get_if<Tuple>(&returned.v);
  if (!asked_open || t == nullptr || t->size() <= index) return;
  if (const auto* n = (*t)[index].get_if<std::int64_t>(); n != nullptr && valid(*n)) (*t)[index] = kAssigned;
}

// The `index`th field of an address tuple as the binding's "I" reads it
// (modulo 2**32), when it is an int.
std::optional<std::uint64_t> tuple_int(const Value& address, std::size_t index) {
  const auto* t = address.get_if<Tuple>();
  if (t == nullptr || t->size() <= index) return std::nullopt;
  auto v = addr::format_masked((*t)[index], 32, kNewestProfile);
  if (addr::failed(v)) return std::nullopt;
  return std::get<0>(v);
}

// The text or bytes of an AF_UNIX address, and a copy of the same type
// holding other text.
std::optional<std::string> unix_text(const Value& v) {
  if (const auto* s = v.get_if<std::string>()) return *s;
  if (const auto* b = v.get_if<Bytes>()) return b->data;
  return std::nullopt;
}
Value same_type(const Value& like, std::string text) {
  if (like.is<Bytes>()) return Bytes{std::move(text)};
  return text;
}

// A temporary directory for file system names, removed with what was bound
// in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sockcheck-addr-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// address.roundtrip(family, type, address[, proto]) -> what getsockname()
// returns after bind(address) on a new socket(family, type, proto), with
// the reference converting both ways. So that a case can state the result:
//   - a port, pid or vsock port the address left to the kernel (0, 0,
//     VMADDR_PORT_ANY) comes back as 'assigned' when the kernel assigned a
//     valid one, and so does the abstract name Linux autobinds for ''
//     (NUL and five hex digits);
//   - an AF_UNIX file system path must be relative: it is bound inside a new
//     temporary directory, whose prefix is taken off the result again;
//   - an abstract AF_UNIX name gets a suffix unique to this process and
//     call (two runs must not collide in the one abstract namespace), taken
//     off the result again.
// Families the kernel lacks, and AF_PACKET without root, are unsupported.
Outcome op_roundtrip(std::span<const Value> args, const Context& ctx) {
  if (args.size() < 3 || args.size() > 4) return arity_error("address.roundtrip", 3, 4, args.size());
  const auto family = int_of(args[0]);
  const auto type = int_of(args[1]);
  const auto proto = args.size() > 3 ? int_of(args[3]) : std::optional<int>(0);
  if (!family || !type || !proto) return Outcome::raise("TypeError", "family, type and proto must be ints");
  if (*family == AF_PACKET && ::geteuid() != 0) return Outcome::unsupported("AF_PACKET sockets need root");
  if (*family == addr::kPfSystem) return Outcome::unsupported("PF_SYSTEM exists on macOS only");

  Value address = args[2];
  TempDir dir;
  std::string strip_prefix;
  std::string strip_suffix;
  bool autobind = false;
  if (*family == AF_UNIX) {
    const auto text = unix_text(address);
    if (!text) return Outcome::raise("TypeError", "an AF_UNIX address is a str or bytes");
    if (text->empty()) {
      autobind = true;
    } else if ((*text)[0] == '\0') {
      static std::atomic<unsigned> counter{0};
      strip_suffix = "-sockcheck-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
      address = same_type(address, *text + strip_suffix);
    } else {
      if ((*text)[0] == '/') return Outcome::raise("ValueError", "address.roundtrip binds relative AF_UNIX paths only");
      if (dir.path().empty()) return Outcome::errored("cannot create a temporary directory");
      strip_prefix = dir.path() + "/";
      address = same_type(address, strip_prefix + *text);
    }
  }

  const EngineServices services(*ctx.engine, true);
  const addr::SocketKind kind{*family, *proto, ctx.profile};
  Outcome encoded = addr::encode(address, kind, services);
  if (!encoded.returned_value()) return encoded;
  const auto answer = addr::bind_and_getsockname(*family, *type, *proto, encoded.value.as<Bytes>().data);
  if (answer.status == addr::KernelAnswer::Status::unsupported) return Outcome::unsupported(answer.why);
  if (answer.status == addr::KernelAnswer::Status::failed) {
    return Outcome::raise(addr::socket_error(ctx.profile),
                          "[Errno " + std::to_string(answer.error) + "] " + std::strerror(answer.error));
  }
  Outcome got = addr::decode(answer.name, kind, services);
  if (!got.returned_value()) return got;

  Value& v = got.value;
  const auto port_ok = [](std::int64_t n) { return n >= 1 && n <= 0xffff; };
  const auto nonzero = [](std::int64_t n) { return n != 0; };
  const auto not_any = [](std::int64_t n) { return n != 0xffffffffLL; };
  switch (*family) {
    case AF_INET:
    case AF_INET6: mark_assigned(v, 1, tuple_int(args[2], 1) == 0, +port_ok); break;
    case AF_NETLINK: mark_assigned(v, 0, tuple_int(args[2], 0) == 0, +nonzero); break;
    case AF_VSOCK: mark_assigned(v, 1, tuple_int(args[2], 1) == 0xffffffffU, +not_any); break;
    case AF_UNIX: {
      const auto text = unix_text(v);
      if (!text) break;
      if (autobind && text->size() == 6 && (*text)[0] == '\0' &&
          text->find_first_not_of("0123456789abcdef", 1) == std::string::npos) {
        v = kAssigned;
      } else if (!strip_prefix.empty() && text->starts_with(strip_prefix)) {
        v = same_type(v, text->substr(strip_prefix.size()));
      } else if (!strip_suffix.empty() && text->ends_with(strip_suffix)) {
        v = same_type(v, text->substr(0, text->size() - strip_suffix.size()));
      }
      break;
    }
    default: break;
  }
  return got;
}

constexpr std::array<Operation, 3> kOperations = {{
    {"address.roundtrip", "addresses", "address.roundtrip(family, type, address[, proto])", &op_roundtrip},
    {"sockaddr.decode", "addresses", "sockaddr.decode(family, packed[, proto])", &op_decode},
    {"sockaddr.encode", "addresses", "sockaddr.encode(family, address[, proto])", &op_encode},
}};

}  // namespace

std::span<const Operation> address_operations() { return kOperations; }

}  // namespace sock::ops
