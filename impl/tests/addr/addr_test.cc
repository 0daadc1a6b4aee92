// The address conversion (impl/addr): tables at every boundary, tuple ->
// bytes -> tuple round trips, and the running kernel's bind/getsockname as
// the independent oracle for the families it has (AF_INET, AF_INET6,
// AF_UNIX, AF_NETLINK; AF_PACKET as root).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "impl/addr/constants.h"
#include "impl/addr/getargs.h"
#include "impl/addr/kernel.h"
#include "impl/addr/sockaddr.h"
#include "impl/core/error_class.h"

namespace sock::addr {
namespace {

std::string hex(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : b) {
    out += kHex[static_cast<unsigned char>(c) >> 4U];
    out += kHex[static_cast<unsigned char>(c) & 0xFU];
  }
  return out;
}

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}

int k(const char* name) { return static_cast<int>(*address_constant(name)); }

struct Row {
  const char* what;
  int family;
  int proto;
  Value address;
  const char* bytes_hex;  // expected bytes, or nullptr
  const char* raises;     // expected class, or nullptr
  Profile profile = Profile::v3_12;
};

std::string show(const Row& r, const Outcome& got) {
  return std::string(r.what) + " " + repr(r.address) + " in " + std::string(name(r.profile)) + ": " +
         (got.returned_value() && got.value.is<Bytes>() ? "-> " + hex(got.value.as<Bytes>().data) : describe(got));
}

void check_encode(const std::vector<Row>& rows) {
  for (const auto& r : rows) {
    const Outcome got = encode(r.address, {r.family, r.proto, r.profile}, model_services());
    if (r.raises != nullptr) {
      ASSERT_TRUE(got.raised()) << show(r, got);
      EXPECT_TRUE(error_class_matches(got.error_class, r.raises, r.profile)) << show(r, got) << ", want " << r.raises;
    } else {
      ASSERT_TRUE(got.returned_value()) << show(r, got);
      EXPECT_EQ(hex(got.value.as<Bytes>().data), r.bytes_hex) << show(r, got);
    }
  }
}

Tuple T(std::initializer_list<Value> v) { return Tuple(v); }
Value big(const char* decimal) { return BigInt{decimal}; }

// ---- AF_INET / AF_INET6 -----------------------------------------------------------

TEST(EncodeInet, HostsPortsAndTheirLimits) {
  check_encode({
      {"dotted quad", AF_INET, 0, T({"1.2.3.4", 80}), "02000050010203040000000000000000", nullptr},
      {"empty host is INADDR_ANY", AF_INET, 0, T({"", 0}), "02000000000000000000000000000000", nullptr},
      {"<broadcast>", AF_INET, 0, T({"<broadcast>", 1}), "02000001ffffffff0000000000000000", nullptr},
      {"255.255.255.255", AF_INET, 0, T({"255.255.255.255", 1}), "02000001ffffffff0000000000000000", nullptr},
      {"inet_addr short form", AF_INET, 0, T({"127.1", 1}), "020000017f0000010000000000000000", nullptr},
      {"inet_addr hex part", AF_INET, 0, T({"0x7f.1", 1}), "020000017f0000010000000000000000", nullptr},
      {"one 32-bit number", AF_INET, 0, T({"4294967295", 1}), "02000001ffffffff0000000000000000", nullptr},
      {"trailing space is a name", AF_INET, 0, T({"1.2.3.4 ", 1}), nullptr, "socket.gaierror"},
      {"a name is never resolved", AF_INET, 0, T({"localhost", 1}), nullptr, "socket.gaierror"},
      {"IPv6 text", AF_INET, 0, T({"::1", 1}), nullptr, "socket.gaierror"},
      {"bytes host", AF_INET, 0, T({Bytes{"1.2.3.4"}, 80}), "02000050010203040000000000000000", nullptr},
      {"int host", AF_INET, 0, T({1, 80}), nullptr, "TypeError"},
      {"NUL in host", AF_INET, 0, T({std::string("1.2.3.4\0", 8), 80}), nullptr, "TypeError"},
      {"port 0", AF_INET, 0, T({"1.2.3.4", 0}), "02000000010203040000000000000000", nullptr},
      {"port 65535", AF_INET, 0, T({"1.2.3.4", 65535}), "0200ffff010203040000000000000000", nullptr},
      {"port 65536", AF_INET, 0, T({"1.2.3.4", 65536}), nullptr, "OverflowError"},
      {"port -1", AF_INET, 0, T({"1.2.3.4", -1}), nullptr, "OverflowError"},
      {"port 2**31", AF_INET, 0, T({"1.2.3.4", std::int64_t{1} << 31}), nullptr, "OverflowError"},
      {"port 2**64", AF_INET, 0, T({"1.2.3.4", big("18446744073709551616")}), nullptr, "OverflowError"},
      {"port str", AF_INET, 0, T({"1.2.3.4", "80"}), nullptr, "TypeError"},
      {"port float", AF_INET, 0, T({"1.2.3.4", 80.0}), nullptr, "TypeError"},
      {"port True", AF_INET, 0, T({"1.2.3.4", true}), "02000001010203040000000000000000", nullptr},
      {"host resolved before the port is checked", AF_INET, 0, T({"bad host", 70000}), nullptr, "socket.gaierror"},
      {"one element", AF_INET, 0, T({"1.2.3.4"}), nullptr, "TypeError"},
      {"three elements", AF_INET, 0, T({"1.2.3.4", 1, 2}), nullptr, "TypeError"},
      {"not a tuple", AF_INET, 0, "1.2.3.4", nullptr, "TypeError"},
      // Python 2: no range check, the port is cut to 16 bits.
      {"2.6 port 65536", AF_INET, 0, T({"1.2.3.4", 65537}), "02000001010203040000000000000000", nullptr,
       Profile::v2_6},
      {"2.6 float port", AF_INET, 0, T({"1.2.3.4", 80.9}), "02000050010203040000000000000000", nullptr,
       Profile::v2_6},
  });
}

TEST(EncodeInet6, OptionalFieldsAndFlowinfo) {
  const char* loop = "00000000000000000000000000000001";
  const auto b = [&](const char* port, const char* flow, const char* scope) {
    return std::string("0a00") + port + flow + loop + scope;
  };
  const std::string two = b("0050", "00000000", "00000000");
  const std::string flowmax = b("0050", "000fffff", "00000000");
  const std::string scope_all = b("0050", "00000000", "ffffffff");
  const std::string fs = b("0050", "00000001", "02000000");
  check_encode({
      {"pair", AF_INET6, 0, T({"::1", 80}), two.c_str(), nullptr},
      {"triple", AF_INET6, 0, T({"::1", 80, 0}), two.c_str(), nullptr},
      {"four", AF_INET6, 0, T({"::1", 80, 1, 2}), fs.c_str(), nullptr},
      {"five", AF_INET6, 0, T({"::1", 80, 0, 0, 0}), nullptr, "TypeError"},
      {"one", AF_INET6, 0, T({"::1"}), nullptr, "TypeError"},
      {"flowinfo 2**20-1", AF_INET6, 0, T({"::1", 80, 0xfffff, 0}), flowmax.c_str(), nullptr},
      {"flowinfo 2**20", AF_INET6, 0, T({"::1", 80, 0x100000, 0}), nullptr, "OverflowError"},
      {"flowinfo -1 (all ones)", AF_INET6, 0, T({"::1", 80, -1, 0}), nullptr, "OverflowError"},
      {"flowinfo 2**32 masks to 0", AF_INET6, 0, T({"::1", 80, std::int64_t{1} << 32, 0}), two.c_str(), nullptr},
      {"scope -1 masks to all ones", AF_INET6, 0, T({"::1", 80, 0, -1}), scope_all.c_str(), nullptr},
      {"scope 2**64+0 masks to 0", AF_INET6, 0, T({"::1", 80, 0, big("18446744073709551616")}), two.c_str(), nullptr},
      {"flowinfo float", AF_INET6, 0, T({"::1", 80, 1.0}), nullptr, "TypeError"},
      {"empty host is ::", AF_INET6, 0, T({"", 80}), "0a000050000000000000000000000000000000000000000000000000", nullptr},
      {"<broadcast>", AF_INET6, 0, T({"<broadcast>", 80}), nullptr, "OSError"},
      {"IPv4 text", AF_INET6, 0, T({"1.2.3.4", 80}), nullptr, "socket.gaierror"},
      {"zone by number", AF_INET6, 0, T({"fe80::1%1", 80}), "0a00005000000000fe80000000000000000000000000000100000000", nullptr},
      {"zone lo, tuple scope wins", AF_INET6, 0, T({"fe80::1%lo", 80, 0, 7}),
       "0a00005000000000fe80000000000000000000000000000107000000", nullptr},
      {"unknown zone", AF_INET6, 0, T({"fe80::1%nosuchif9", 80}), nullptr, "socket.gaierror"},
      {"brackets are not text of an address", AF_INET6, 0, T({"[::1]", 80}), nullptr, "socket.gaierror"},
      {"port 65536", AF_INET6, 0, T({"::1", 65536}), nullptr, "OverflowError"},
  });
}

// ---- AF_UNIX ------------------------------------------------------------------------

TEST(EncodeUnix, PathsAbstractNamesAndTheLengthLimit) {
  const std::string p107(107, 'a');
  const std::string p108(108, 'a');
  const std::string abs108 = std::string(1, '\0') + std::string(107, 'a');
  const std::string abs109 = std::string(1, '\0') + std::string(108, 'a');
  std::string want107 = "0100";
  for (int i = 0; i < 107; ++i) want107 += "61";
  want107 += "00";
  std::string want_abs108 = "010000";
  for (int i = 0; i < 107; ++i) want_abs108 += "61";
  std::string want108_py2 = "0100";
  for (int i = 0; i < 108; ++i) want108_py2 += "61";
  check_encode({
      {"str path", AF_UNIX, 0, "/tmp/x", "01002f746d702f7800", nullptr},
      {"bytes path", AF_UNIX, 0, Bytes{"/tmp/x"}, "01002f746d702f7800", nullptr},
      {"empty: autobind", AF_UNIX, 0, "", "0100", nullptr},
      {"abstract str", AF_UNIX, 0, std::string("\0abc", 4), "010000616263", nullptr},
      {"abstract bytes", AF_UNIX, 0, Bytes{std::string("\0abc", 4)}, "010000616263", nullptr},
      {"107-byte path", AF_UNIX, 0, p107, want107.c_str(), nullptr},
      {"108-byte path", AF_UNIX, 0, p108, nullptr, "OSError"},
      {"108-byte abstract", AF_UNIX, 0, Bytes{abs108}, want_abs108.c_str(), nullptr},
      {"109-byte abstract", AF_UNIX, 0, Bytes{abs109}, nullptr, "OSError"},
      {"UTF-8 path", AF_UNIX, 0, "\xc3\xa9", "0100c3a900", nullptr},
      {"surrogateescape byte", AF_UNIX, 0, "\xed\xb3\xbf", "0100ff00", nullptr},
      {"int", AF_UNIX, 0, 5, nullptr, "TypeError"},
      {"tuple", AF_UNIX, 0, T({"a"}), nullptr, "TypeError"},
      {"2.6: 108 bytes, no terminator", AF_UNIX, 0, p108, want108_py2.c_str(), nullptr, Profile::v2_6},
  });
}

// ---- the Linux families with integer fields ----------------------------------------------

TEST(EncodeLinuxFamilies, NetlinkTipcVsockQipcrtr) {
  check_encode({
      {"netlink", AF_NETLINK, 0, T({1234, 5}), "10000000d204000005000000", nullptr},
      {"netlink -1 masks", AF_NETLINK, 0, T({-1, 0}), "10000000ffffffff00000000", nullptr},
      {"netlink 2**32 masks", AF_NETLINK, 0, T({std::int64_t{1} << 32, 0}), "100000000000000000000000", nullptr},
      {"netlink str", AF_NETLINK, 0, T({"1", 0}), nullptr, "TypeError"},
      {"netlink one", AF_NETLINK, 0, T({0}), nullptr, "TypeError"},
      {"tipc nameseq", AF_TIPC, 0, T({1, 1, 2, 3}), "1e000102010000000200000003000000", nullptr},
      {"tipc name, v3 dropped", AF_TIPC, 0, T({2, 1, 2, 9}), "1e000202010000000200000000000000", nullptr},
      {"tipc id: node after ref", AF_TIPC, 0, T({3, 1, 2, 0}), "1e000302020000000100000000000000", nullptr},
      {"tipc scope", AF_TIPC, 0, T({3, 1, 2, 0, 3}), "1e000303020000000100000000000000", nullptr},
      {"tipc type 0", AF_TIPC, 0, T({0, 1, 2, 3}), nullptr, "TypeError"},
      {"tipc type 4", AF_TIPC, 0, T({4, 1, 2, 3}), nullptr, "TypeError"},
      {"tipc three", AF_TIPC, 0, T({2, 1, 2}), nullptr, "TypeError"},
      {"tipc six", AF_TIPC, 0, T({2, 1, 2, 3, 4, 5}), nullptr, "TypeError"},
      {"tipc scope 256 is a char", AF_TIPC, 0, T({2, 1, 2, 3, 256}), "1e000200010000000200000000000000", nullptr},
      {"vsock", AF_VSOCK, 0, T({1, 2}), "28000000020000000100000000000000", nullptr},
      {"vsock any", AF_VSOCK, 0, T({-1, -1}), "28000000ffffffffffffffff00000000", nullptr},
      {"vsock one", AF_VSOCK, 0, T({1}), nullptr, "TypeError"},
      {"qipcrtr", AF_QIPCRTR, 0, T({1, 2}), "2a0000000100000002000000", nullptr},
      {"qipcrtr three", AF_QIPCRTR, 0, T({1, 2, 3}), nullptr, "TypeError"},
      {"qipcrtr not a tuple", AF_QIPCRTR, 0, 3, nullptr, "TypeError"},
  });
}

TEST(EncodeLinuxFamilies, TipcIdPutsTheNodeSecond) {
  // tipc_socket_addr is {ref, node}: v1 (the node) lands at offset 8.
  const Outcome got = encode(T({3, 0x11111111, 0x22222222, 0}), {AF_TIPC, 0, Profile::v3_12}, model_services());
  ASSERT_TRUE(got.returned_value());
  EXPECT_EQ(hex(got.value.as<Bytes>().data).substr(8, 16), "2222222211111111");
}

TEST(EncodeAlg, LengthLimitsAndFields) {
  std::string sha = "2600" "68617368" + std::string(20, '0') + "0000000000000000" "736861323536" + std::string(116, '0');
  check_encode({
      {"hash sha256", AF_ALG, 0, T({"hash", "sha256"}), sha.c_str(), nullptr},
      {"type of 14 bytes", AF_ALG, 0, T({std::string(14, 'a'), "x"}), nullptr, "ValueError"},
      {"name of 64 bytes", AF_ALG, 0, T({"x", std::string(64, 'b')}), nullptr, "ValueError"},
      {"bytes type", AF_ALG, 0, T({Bytes{"hash"}, "sha256"}), nullptr, "TypeError"},
      {"NUL in type", AF_ALG, 0, T({std::string("ha\0sh", 5), "x"}), nullptr, "ValueError"},
      {"one element", AF_ALG, 0, T({"hash"}), nullptr, "TypeError"},
      {"five elements", AF_ALG, 0, T({"h", "n", 1, 2, 3}), nullptr, "TypeError"},
  });
  const Outcome ok = encode(T({std::string(13, 'a'), std::string(63, 'b'), 0xffffffffLL, 1}), {AF_ALG, 0, Profile::v3_12},
                            model_services());
  ASSERT_TRUE(ok.returned_value());
  const std::string b = ok.value.as<Bytes>().data;
  ASSERT_EQ(b.size(), 88U);
  EXPECT_EQ(b[15], '\0');  // the type's terminator
  EXPECT_EQ(hex(b.substr(16, 8)), "ffffffff01000000");
  EXPECT_EQ(b[87], '\0');  // the name's terminator
}

// ---- interfaces: AF_CAN, AF_PACKET ---------------------------------------------------

TEST(EncodeCan, InterfacesAndProtocols) {
  const int raw = k("CAN_RAW"), isotp = k("CAN_ISOTP"), j1939 = k("CAN_J1939");
  check_encode({
      {"any interface", AF_CAN, raw, T({""}), "1d000000000000000000000000000000" "0000000000000000", nullptr},
      {"lo", AF_CAN, raw, T({"lo"}), "1d000000010000000000000000000000" "0000000000000000", nullptr},
      {"bytes lo", AF_CAN, raw, T({Bytes{"lo"}}), "1d000000010000000000000000000000" "0000000000000000", nullptr},
      {"unknown", AF_CAN, raw, T({"vcan9"}), nullptr, "OSError"},
      {"15 bytes: looked up", AF_CAN, raw, T({std::string(15, 'a')}), nullptr, "OSError"},
      {"16 bytes: too long", AF_CAN, raw, T({std::string(16, 'a')}), nullptr, "OSError"},
      {"int name", AF_CAN, raw, T({5}), nullptr, "TypeError"},
      {"NUL in name", AF_CAN, raw, T({std::string("lo\0", 3)}), nullptr, "ValueError"},
      {"raw with isotp fields", AF_CAN, raw, T({"lo", 1, 2}), nullptr, "TypeError"},
      {"isotp", AF_CAN, isotp, T({"", 0x123, 0x456}), "1d000000000000002301000056040000" "0000000000000000", nullptr},
      {"isotp ids are 32-bit", AF_CAN, isotp, T({"", (std::int64_t{1} << 32) + 1, -1}),
       "1d0000000000000001000000ffffffff" "0000000000000000", nullptr},
      {"isotp not a tuple", AF_CAN, isotp, "lo", nullptr, "TypeError"},
      {"isotp two", AF_CAN, isotp, T({"", 1}), nullptr, "TypeError"},
      {"j1939", AF_CAN, j1939, T({"", 1, 2, 3}), "1d000000000000000100000000000000" "0200000003000000", nullptr},
      {"j1939 maxima", AF_CAN, j1939, T({"", big("18446744073709551615"), 0xffffffffLL, 255}),
       "1d00000000000000ffffffffffffffff" "ffffffffff000000", nullptr},
      {"j1939 addr is 8 bits", AF_CAN, j1939, T({"", 1, 2, 256}), "1d000000000000000100000000000000" "0200000000000000",
       nullptr},
      {"other protocol", AF_CAN, 99, T({""}), nullptr, "OSError"},
  });
}

TEST(EncodePacket, Fields) {
  check_encode({
      {"lo, IP", AF_PACKET, 0, T({"lo", 0x0800}), "1100080001000000000000000000000000000000", nullptr},
      {"all fields", AF_PACKET, 0, T({"lo", 3, 4, 772, Bytes{"\x01\x02"}}), "1100000301000000040304020102000000000000",
       nullptr},
      {"pkttype and hatype cut", AF_PACKET, 0, T({"lo", 3, 256, 65536, Bytes{std::string(8, '\x01')}}),
       "1100000301000000000000080101010101010101", nullptr},
      {"9-byte address", AF_PACKET, 0, T({"lo", 3, 0, 0, Bytes{std::string(9, '\x01')}}), nullptr, "ValueError"},
      {"proto 65536", AF_PACKET, 0, T({"lo", 65536}), nullptr, "OverflowError"},
      {"proto -1", AF_PACKET, 0, T({"lo", -1}), nullptr, "OverflowError"},
      {"no interface named ''", AF_PACKET, 0, T({"", 3}), nullptr, "OSError"},
      {"unknown interface", AF_PACKET, 0, T({"nosuchif0", 3}), nullptr, "OSError"},
      {"one element", AF_PACKET, 0, T({"lo"}), nullptr, "TypeError"},
      {"bytes name", AF_PACKET, 0, T({Bytes{"lo"}, 3}), nullptr, "TypeError"},
      {"str address", AF_PACKET, 0, T({"lo", 3, 0, 0, "ab"}), nullptr, "TypeError"},
      {"pkttype beyond int", AF_PACKET, 0, T({"lo", 3, std::int64_t{1} << 31}), nullptr, "OverflowError"},
  });
}

// ---- Bluetooth, PF_SYSTEM --------------------------------------------------------------

TEST(EncodeBluetooth, AddressesAndProtocols) {
  const int l2 = k("BTPROTO_L2CAP"), rc = k("BTPROTO_RFCOMM"), hci = k("BTPROTO_HCI"), sco = k("BTPROTO_SCO");
  check_encode({
      {"l2cap", AF_BLUETOOTH, l2, T({"01:23:45:67:89:AB", 0x1001}), "1f000110ab896745230100000000", nullptr},
      {"lower case", AF_BLUETOOTH, l2, T({"01:23:45:67:89:ab", 1}), "1f000100ab896745230100000000", nullptr},
      {"rfcomm", AF_BLUETOOTH, rc, T({"00:00:00:00:00:01", 3}), "1f000100000000000300", nullptr},
      {"hci", AF_BLUETOOTH, hci, T({0}), "1f0000000000", nullptr},
      {"sco", AF_BLUETOOTH, sco, Bytes{"01:02:03:04:05:06"}, "1f00060504030201", nullptr},
      {"sco str", AF_BLUETOOTH, sco, "01:02:03:04:05:06", nullptr, "OSError"},
      {"five parts", AF_BLUETOOTH, l2, T({"01:02:03:04:05", 1}), nullptr, "OSError"},
      {"seven parts", AF_BLUETOOTH, l2, T({"01:02:03:04:05:06:07", 1}), nullptr, "OSError"},
      {"part 100", AF_BLUETOOTH, l2, T({"100:02:03:04:05:06", 1}), nullptr, "OSError"},
      {"trailing", AF_BLUETOOTH, l2, T({"01:02:03:04:05:06x", 1}), nullptr, "OSError"},
      {"psm str", AF_BLUETOOTH, l2, T({"01:02:03:04:05:06", "1"}), nullptr, "OSError"},
      {"not a tuple", AF_BLUETOOTH, rc, "01:02:03:04:05:06", nullptr, "OSError"},
      {"other protocol", AF_BLUETOOTH, 9, T({""}), nullptr, "OSError"},
  });
}

TEST(EncodeSystem, ModelledMacOs) {
  const int control = k("SYSPROTO_CONTROL");
  check_encode({
      {"id, unit", kPfSystem, control, T({1, 2}), "2020020001000000020000000000000000000000000000000000000000000000",
       nullptr},
      {"a name: no kernel controls", kPfSystem, control, "com.apple.net.utun_control", nullptr, "OSError"},
      {"a name too long", kPfSystem, control, std::string(97, 'a'), nullptr, "ValueError"},
      {"three", kPfSystem, control, T({1, 2, 3}), nullptr, "TypeError"},
      {"other protocol", kPfSystem, 1, T({1, 2}), nullptr, "OSError"},
  });
}

TEST(Families, PerProfile) {
  EXPECT_TRUE(family_supported(AF_INET, Profile::v1));
  EXPECT_FALSE(family_supported(AF_INET6, Profile::v1));
  EXPECT_TRUE(family_supported(AF_TIPC, Profile::v2_6));
  EXPECT_FALSE(family_supported(AF_CAN, Profile::v2_6));
  EXPECT_TRUE(family_supported(AF_QIPCRTR, Profile::v3_3));
  EXPECT_FALSE(family_supported(AF_IUCV, Profile::v3_12));
  const Outcome got = encode(T({"a", 1}), {AF_INET6, 0, Profile::v1}, model_services());
  EXPECT_TRUE(got.raised() && error_class_matches(got.error_class, "socket.error", Profile::v1)) << describe(got);
}

// ---- decode -----------------------------------------------------------------------------

struct DecodeRow {
  const char* what;
  int family;
  int proto;
  const char* bytes_hex;
  Value want;
  Profile profile = Profile::v3_12;
};

TEST(Decode, EveryFamily) {
  const std::vector<DecodeRow> rows = {
      {"inet", AF_INET, 0, "02000050010203040000000000000000", T({"1.2.3.4", 80})},
      {"inet short: zero padded", AF_INET, 0, "020000500102", T({"1.2.0.0", 80})},
      {"empty: None", AF_INET, 0, "", None{}},
      {"inet6 full flowinfo", AF_INET6, 0, "0a000050ffffffff0000000000000000000000000000000107000000",
       T({"::1", 80, 4294967295LL, 7})},
      {"inet6 mapped", AF_INET6, 0, "0a0000500000000000000000000000000000ffff0102030400000000",
       T({"::ffff:1.2.3.4", 80, 0, 0})},
      {"unix path", AF_UNIX, 0, "01002f746d702f7800", "/tmp/x"},
      {"unix unterminated", AF_UNIX, 0, "01002f746d702f78", "/tmp/x"},
      {"unix unnamed", AF_UNIX, 0, "0100", ""},
      {"unix abstract", AF_UNIX, 0, "01000061620000", Bytes{std::string("\0ab\0\0", 5)}},
      {"unix stops at NUL", AF_UNIX, 0, "0100610062", "a"},
      {"unix undecodable", AF_UNIX, 0, "0100ff00", "\xed\xb3\xbf"},
      {"netlink", AF_NETLINK, 0, "10000000ffffffffffffffff", T({4294967295LL, 4294967295LL})},
      {"tipc nameseq", AF_TIPC, 0, "1e000102010000000200000003000000", T({1, 1, 2, 3, 2})},
      {"tipc name", AF_TIPC, 0, "1e000202010000000200000000000000", T({2, 1, 2, 0, 2})},
      {"tipc id", AF_TIPC, 0, "1e000302020000000100000000000000", T({3, 1, 2, 0, 2})},
      {"tipc scope -1", AF_TIPC, 0, "1e0003ff020000000100000000000000", T({3, 1, 2, 0, 4294967295LL})},
      {"vsock", AF_VSOCK, 0, "28000000020000000100000000000000", T({1, 2})},
      {"qipcrtr", AF_QIPCRTR, 0, "2a0000000100000002000000", T({1, 2})},
      {"packet", AF_PACKET, 0, "1100000301000000040304020102000000000000", T({"lo", 3, 4, 772, Bytes{"\x01\x02"}})},
      {"packet unknown index", AF_PACKET, 0, "11008808e7030000ffffff080102030405060708",
       T({"", 34824, 255, 65535, Bytes{"\x01\x02\x03\x04\x05\x06\x07\x08"}})},
      {"can raw", AF_CAN, 1, "1d000000010000002301000056040000785ba60000000000", T({"lo"})},
      {"can isotp", AF_CAN, 6, "1d000000010000002301000056040000785ba60000000000", T({"lo", 0x123, 0x456})},
      {"can j1939", AF_CAN, 7, "1d000000e7030000ffffffffffffffffffffffffff000000",
       T({"", big("18446744073709551615"), 4294967295LL, 255})},
      {"l2cap", AF_BLUETOOTH, 0, "1f000110ab896745230100000000", T({"01:23:45:67:89:AB", 0x1001})},
      {"hci: a bare int", AF_BLUETOOTH, 1, "1f0005000000", Value(5)},
      {"sco: str", AF_BLUETOOTH, 2, "1f00060504030201", "01:02:03:04:05:06"},
      {"alg", AF_ALG, 0,
       "260068617368000000000000000000000100000002000000736861323536000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000000000000",
       T({"hash", "sha256", 1, 2})},
      {"unknown family", AF_INET, 0, "6300aabbccddeeff00112233445566778899", T({99, Bytes{unhex("aabbccddeeff0011223344556677")}})},
      {"system", kPfSystem, 2, "2020020001000000020000000000000000000000000000000000000000000000", T({1, 2})},
  };
  for (const auto& r : rows) {
    const Outcome got = decode(unhex(r.bytes_hex), {r.family, r.proto, r.profile}, model_services());
    ASSERT_TRUE(got.returned_value()) << r.what << ": " << describe(got);
    EXPECT_EQ(got.value, r.want) << r.what << ": got " << repr(got.value) << ", want " << repr(r.want);
  }
}

TEST(Decode, Errors) {
  EXPECT_TRUE(decode(unhex("1e000402"), {AF_TIPC, 0, Profile::v3_12}, model_services()).raised());
  EXPECT_TRUE(decode(unhex("0200"), {4242, 0, Profile::v3_12}, model_services()).raised());
  EXPECT_TRUE(decode(unhex("1f00"), {AF_BLUETOOTH, 9, Profile::v3_12}, model_services()).raised());
}

// ---- round trips: tuple -> bytes -> tuple ---------------------------------------------------

TEST(RoundTrip, TupleBytesTuple) {
  struct R {
    int family;
    int proto;
    Value address;
    Value back;  // what decode returns (None: the address itself)
  };
  const std::vector<R> rows = {
      {AF_INET, 0, T({"10.0.0.1", 1}), None{}},
      {AF_INET, 0, T({"", 65535}), T({"0.0.0.0", 65535})},
      {AF_INET6, 0, T({"2001:db8::1", 443, 0xfffff, 9}), None{}},
      {AF_INET6, 0, T({"::1", 80}), T({"::1", 80, 0, 0})},
      {AF_UNIX, 0, "/run/x.sock", None{}},
      {AF_UNIX, 0, Bytes{std::string("\0name", 5)}, None{}},
      {AF_NETLINK, 0, T({4294967295LL, 0}), None{}},
      {AF_TIPC, 0, T({1, 100, 0, 4294967295LL, 3}), None{}},
      {AF_TIPC, 0, T({3, 1, 2, 0}), T({3, 1, 2, 0, 2})},
      {AF_CAN, k("CAN_J1939"), T({"lo", 0x1234567890LL, 0x40000, 0xfe}), None{}},
      {AF_CAN, k("CAN_ISOTP"), T({"", 0x7e0, 0x7e8}), None{}},
      {AF_VSOCK, 0, T({2, 1234}), None{}},
      {AF_QIPCRTR, 0, T({7, 8}), None{}},
      {AF_ALG, 0, T({"skcipher", "cbc(aes)", 0, 0}), None{}},
      {AF_PACKET, 0, T({"lo", 0x86dd, 1, 1, Bytes{"\x01\x02\x03\x04\x05\x06"}}), None{}},
      {AF_BLUETOOTH, k("BTPROTO_RFCOMM"), T({"AA:BB:CC:DD:EE:FF", 30}), None{}},
  };
  for (const auto& r : rows) {
    const SocketKind kind{r.family, r.proto, Profile::v3_12};
    const Outcome e = encode(r.address, kind, model_services());
    ASSERT_TRUE(e.returned_value()) << repr(r.address) << ": " << describe(e);
    const Outcome d = decode(e.value.as<Bytes>().data, kind, model_services());
    ASSERT_TRUE(d.returned_value()) << repr(r.address) << ": " << describe(d);
    EXPECT_EQ(d.value, r.back.is<None>() ? r.address : r.back) << repr(r.address) << " came back as " << repr(d.value);
  }
}

// ---- getargs --------------------------------------------------------------------------------

TEST(Getargs, MaskingAndSurrogates) {
  EXPECT_EQ(std::get<0>(format_masked(-1, 32, Profile::v3_12)), 0xffffffffU);
  EXPECT_EQ(std::get<0>(format_masked(big("-18446744073709551617"), 64, Profile::v3_12)), 0xffffffffffffffffULL);
  EXPECT_EQ(std::get<0>(format_masked(big("340282366920938463463374607431768211457"), 64, Profile::v3_12)), 1U);
  EXPECT_TRUE(failed(format_masked(1.5, 32, Profile::v3_12)));
  EXPECT_EQ(fs_decode("a\xff"), "a\xed\xb3\xbf");
  EXPECT_EQ(fs_encode(fs_decode("\x80\xc3\xa9\xfe")), "\x80\xc3\xa9\xfe");
  EXPECT_EQ(fs_decode("\xed\xa0\x80"), "\xed\xb3\xad\xed\xb2\xa0\xed\xb2\x80");  // a UTF-8 surrogate is invalid
}

// ---- the kernel as oracle -----------------------------------------------------------------------

// Binds the reference's bytes and decodes what the kernel returns; the
// kernel must hand back the same address (with its own port when asked for
// port 0).
Value through_kernel(int family, int type, int proto, const Value& address) {
  const SocketKind kind{family, proto, Profile::v3_12};
  const Outcome e = encode(address, kind, system_services());
  EXPECT_TRUE(e.returned_value()) << describe(e);
  if (!e.returned_value()) return None{};
  const KernelAnswer a = bind_and_getsockname(family, type, proto, e.value.as<Bytes>().data);
  if (a.status == KernelAnswer::Status::unsupported) return std::string("unsupported");
  EXPECT_EQ(a.status, KernelAnswer::Status::bound) << repr(address) << ": errno " << a.error;
  const Outcome d = decode(a.name, kind, system_services());
  EXPECT_TRUE(d.returned_value()) << describe(d);
  return d.value;
}

TEST(Kernel, InetAndInet6KeepTheHostAndAssignAPort) {
  const Value v4 = through_kernel(AF_INET, SOCK_DGRAM, 0, T({"127.0.0.1", 0}));
  ASSERT_TRUE(v4.is<Tuple>()) << repr(v4);
  EXPECT_EQ(v4.as<Tuple>()[0], Value("127.0.0.1"));
  const auto port = v4.as<Tuple>()[1].as<std::int64_t>();
  EXPECT_GT(port, 0);
  // Binding the port the kernel chose, on a second socket, gets it back
  // exactly (the first socket is closed, and UDP ports have no TIME_WAIT).
  EXPECT_EQ(through_kernel(AF_INET, SOCK_DGRAM, 0, T({"127.0.0.1", port})), Value(T({"127.0.0.1", port})));
  const Value v6 = through_kernel(AF_INET6, SOCK_DGRAM, 0, T({"::1", 0, 0, 0}));
  ASSERT_TRUE(v6.is<Tuple>()) << repr(v6);
  EXPECT_EQ(v6.as<Tuple>()[0], Value("::1"));
  EXPECT_EQ(v6.as<Tuple>().size(), 4U);
  const Value any = through_kernel(AF_INET, SOCK_STREAM, 0, T({"", 0}));
  EXPECT_EQ(any.as<Tuple>()[0], Value("0.0.0.0"));
}

TEST(Kernel, UnixPathsAbstractNamesAndAutobind) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("sockcheck-addr-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "s").string();
  EXPECT_EQ(through_kernel(AF_UNIX, SOCK_DGRAM, 0, path), Value(path));
  std::filesystem::remove_all(dir);
  const std::string abstract = std::string(1, '\0') + "sockcheck-addr-test-" + std::to_string(::getpid());
  EXPECT_EQ(through_kernel(AF_UNIX, SOCK_DGRAM, 0, Bytes{abstract}), Value(Bytes{abstract}));
  const Value auto_name = through_kernel(AF_UNIX, SOCK_DGRAM, 0, "");
  ASSERT_TRUE(auto_name.is<Bytes>()) << repr(auto_name);
  EXPECT_EQ(auto_name.as<Bytes>().data.size(), 6U);  // NUL and five hex digits (unix(7), "Autobind feature")
  // The longest abstract name the struct holds: all 108 bytes of sun_path.
  const std::string longest = std::string(1, '\0') + std::string(107, 'z');
  EXPECT_EQ(through_kernel(AF_UNIX, SOCK_DGRAM, 0, Bytes{longest}), Value(Bytes{longest}));
}

TEST(Kernel, NetlinkAssignsAPid) {
  const Value v = through_kernel(AF_NETLINK, SOCK_RAW, 0, T({0, 0}));
  if (v == Value("unsupported")) GTEST_SKIP() << "no AF_NETLINK";
  ASSERT_TRUE(v.is<Tuple>()) << repr(v);
  EXPECT_NE(v.as<Tuple>()[0], Value(0));
  EXPECT_EQ(v.as<Tuple>()[1], Value(0));
}

TEST(Kernel, PacketOnLoopbackAsRoot) {
  if (::geteuid() != 0) GTEST_SKIP() << "AF_PACKET needs root";
  const Value v = through_kernel(AF_PACKET, SOCK_RAW, 0, T({"lo", 3}));
  if (v == Value("unsupported")) GTEST_SKIP() << "no AF_PACKET";
  // The kernel reports the device's own type and address (ARPHRD_LOOPBACK,
  // six zero bytes), not the ones bind() was given.
  EXPECT_EQ(v, Value(T({"lo", 3, 0, 772, Bytes{std::string(6, '\0')}}))) << repr(v);
}

}  // namespace
}  // namespace sock::addr
