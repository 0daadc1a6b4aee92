// sockaddr_roundtrip: the socket-address converters of every family
// (impl/addr: encode, the Python address -> struct sockaddr bytes that
// bind()/connect()/sendto() pass to the kernel, and decode, the bytes
// getsockname()/accept()/recvfrom() return -> the Python address), with the
// model services (numeric hosts only, one interface "lo" = 1).
//
// Input: byte 0 picks the family (kFamilies), byte 1 the protocol (0-7,
// which covers CAN_RAW/ISOTP/J1939, the four BTPROTO_* and
// SYSPROTO_CONTROL), byte 2 the profile; the rest is the address, a value in
// the format of fuzz/value_decoder.h.
//
// Invariants, for every address a, socket kind k and profile p:
//
//  1. encode(a) returns bytes or raises one of the classes the binding
//     raises for a bad address argument (kDocumentedErrors: TypeError,
//     ValueError, OverflowError, socket.error/OSError, socket.gaierror); it
//     never returns a non-bytes value, "unsupported" or "errored", and no
//     exception escapes.
//  2. When it returns bytes b, decode(b) returns an address a1 (the
//     normalised a: '' and '<broadcast>' become dotted quads, IPv6 text is
//     canonical, a 2-tuple IPv6 address gains flowinfo and scope_id 0, names
//     become numbers); it does not raise.
//  3. a1 is a fixed point: encode(a1) gives b again, byte for byte, and
//     decode(b) gives a1 again. So a and its normal form name the same
//     sockaddr, and normalising twice changes nothing.
//
// Allowed asymmetries, the binding's own (impl/addr/decode.cc): for
// AF_BLUETOOTH BTPROTO_HCI decode returns the bare device number where
// encode takes (device_id,), and for BTPROTO_SCO the address text as a str
// where encode takes bytes (3.x; 2.x takes a str). a1 is put back in the
// form encode takes before the fixed-point check (`encodable`). And an
// AF_UNIX file system path is compared as the kernel reads it, up to its
// first NUL: bytes b'a\x00b' go to the kernel whole (the binding checks no
// NUL in bytes), name the path "a", and decode to 'a' (`kernel_view`).
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "impl/addr/sockaddr.h"
#include "impl/core/outcome.h"
#include "impl/core/value.h"
#include "value_decoder.h"

namespace {

// Three header bytes and a value; 256 leaves room for a 108-byte AF_UNIX
// path, an AF_ALG name (64) and nested tuples.
constexpr std::size_t kMaxLen = 256;

// Every family sockaddr.h documents, plus one it does not (no format: the
// binding's "bad family" / (family, sa_data) paths).
constexpr std::array<int, 13> kFamilies = {AF_UNIX,  AF_INET,  AF_INET6, AF_NETLINK, AF_TIPC,
                                           AF_CAN,   AF_BLUETOOTH, AF_ALG, AF_VSOCK, AF_PACKET,
                                           AF_QIPCRTR, sock::addr::kPfSystem, AF_APPLETALK};

constexpr std::string_view kDocumentedErrors[] = {"TypeError",    "ValueError",     "OverflowError",
                                                  "socket.error", "OSError",        "socket.gaierror"};

SOCKFUZZ_CHECKER bool documented_error(const sock::Outcome& o) {
  if (!o.raised()) return false;
  for (const auto name : kDocumentedErrors) {
    if (o.error_class == name) return true;
  }
  return false;
}

// The Bluetooth protocol numbers (BlueZ: <bluetooth/hci.h>, <bluetooth/sco.h>).
constexpr int kBtprotoHci = 1;
constexpr int kBtprotoSco = 2;

// The decoded address in the form encode takes (the allowed asymmetries
// above); every other address as it is.
sock::Value encodable(const sock::Value& decoded, const sock::addr::SocketKind& kind) {
  if (kind.family != AF_BLUETOOTH) return decoded;
  if (kind.proto == kBtprotoHci && decoded.is<std::int64_t>()) return sock::Tuple{decoded};
  if (kind.proto == kBtprotoSco && kind.profile >= sock::Profile::v3_3 && decoded.is<std::string>()) {
    return sock::Bytes{decoded.as<std::string>()};
  }
  return decoded;
}

// The sockaddr bytes as the kernel reads them: an AF_UNIX path that is
// not abstract (first byte not NUL) ends at its first NUL.
SOCKFUZZ_CHECKER std::string_view kernel_view(std::string_view packed, const sock::addr::SocketKind& kind) {
  constexpr std::size_t kPath = 2;  // offsetof(struct sockaddr_un, sun_path)
  if (kind.family != AF_UNIX || packed.size() <= kPath || packed[kPath] == '\0') return packed;
  const std::size_t nul = packed.find('\0', kPath);
  return packed.substr(0, nul);
}

SOCKFUZZ_CHECKER bool returned_bytes(const sock::Outcome& o) {
  return o.returned_value() && o.value.is<sock::Bytes>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  sockfuzz::ByteReader in(data, size);
  sock::addr::SocketKind kind;
  kind.family = kFamilies[in.byte() % kFamilies.size()];
  kind.proto = in.byte() % 8;
  kind.profile = sock::kProfiles[in.byte() % sock::kProfiles.size()];
  const sock::Value address = in.value();
  const auto& services = sock::addr::model_services();

  // 1
  const sock::Outcome encoded = sock::addr::encode(address, kind, services);
  SOCKFUZZ_CHECK_WITH(returned_bytes(encoded) || documented_error(encoded),
                      .text("profile", sock::name(kind.profile))
                          .text("address", sock::repr(address))
                          .text("encode", sock::describe(encoded)));
  // A documented rejection: nothing more to check.
  if (!encoded.returned_value()) return 0;
  const std::string& packed = encoded.value.as<sock::Bytes>().data;

  // 2
  const sock::Outcome decoded = sock::addr::decode(packed, kind, services);
  SOCKFUZZ_CHECK_WITH(decoded.returned_value(), .text("profile", sock::name(kind.profile))
                                                    .text("address", sock::repr(address))
                                                    .bytes("encode", packed.data(), packed.size())
                                                    .text("decode", sock::describe(decoded)));

  // 3
  const sock::Outcome again = sock::addr::encode(encodable(decoded.value, kind), kind, services);
  SOCKFUZZ_CHECK_WITH(returned_bytes(again) && sockfuzz::same_text(kernel_view(again.value.as<sock::Bytes>().data, kind),
                                                                    kernel_view(packed, kind)),
                      .text("profile", sock::name(kind.profile))
                          .text("address", sock::repr(address))
                          .bytes("encode", packed.data(), packed.size())
                          .text("decode", sock::repr(decoded.value))
                          .text("encode of that", sock::describe(again)));
  const sock::Outcome decoded_again = sock::addr::decode(again.value.as<sock::Bytes>().data, kind, services);
  SOCKFUZZ_CHECK_WITH(decoded_again.returned_value() && decoded_again.value == decoded.value,
                      .text("profile", sock::name(kind.profile))
                          .text("address", sock::repr(address))
                          .bytes("encode", packed.data(), packed.size())
                          .text("decode", sock::repr(decoded.value))
                          .text("decode again", sock::describe(decoded_again)));
  return 0;
}
