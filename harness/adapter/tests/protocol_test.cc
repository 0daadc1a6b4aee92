// The harness's own decoding of replies and hellos: tables of lines and
// what each must come to.
#include "harness/adapter/protocol.h"

#include <gtest/gtest.h>

#include "harness/protocol/value_json.h"

namespace sockcheck::adapter {
namespace {

struct ReplyRow {
  const char* line;
  ReplyStatus status;
  sock::OutcomeKind kind;  // when ok
};

const ReplyRow kReplies[] = {
    // The four outcomes.
    {R"({"id":1,"value":"1.2.3.4"})", ReplyStatus::ok, sock::OutcomeKind::value},
    {R"({"id":1,"value":{"bytes":"7f000001"}})", ReplyStatus::ok, sock::OutcomeKind::value},
    {R"({"id":1,"value":null})", ReplyStatus::ok, sock::OutcomeKind::value},
    {R"({"id":1,"raises":"OSError","message":"illegal IP address"})", ReplyStatus::ok, sock::OutcomeKind::raised},
    {R"({"id":1,"raises":"socket.gaierror","message":""})", ReplyStatus::ok, sock::OutcomeKind::raised},
    {R"({"id":1,"unsupported":"no inet_aton in Go"})", ReplyStatus::ok, sock::OutcomeKind::unsupported},
    {R"({"id":1,"errored":"KeyError","context":{"traceback":"..."}})", ReplyStatus::ok, sock::OutcomeKind::errored},
    {R"({"id":9007199254740991,"value":1})", ReplyStatus::ok, sock::OutcomeKind::value},
    // The call's own duration, on a value or a raise only, and only as seconds.
    {R"({"id":1,"value":null,"elapsed":0.1002})", ReplyStatus::ok, sock::OutcomeKind::value},
    {R"({"id":1,"raises":"TimeoutError","message":"timed out","elapsed":0})", ReplyStatus::ok, sock::OutcomeKind::raised},
    {R"({"id":1,"value":null,"elapsed":-0.1})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":null,"elapsed":"0.1"})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":null,"elapsed":null})", ReplyStatus::malformed, {}},
    {R"({"id":1,"unsupported":"x","elapsed":0.1})", ReplyStatus::malformed, {}},
    {R"({"id":1,"errored":"x","elapsed":0.1})", ReplyStatus::malformed, {}},
    // An id, but no valid outcome: that call is errored, the stream goes on.
    {R"({"id":1})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":1,"raises":"OSError","message":""})", ReplyStatus::malformed, {}},
    {R"({"id":1,"raises":"OSError"})", ReplyStatus::malformed, {}},
    {R"({"id":1,"raises":"not a class","message":""})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":{"bogus":1}})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":1.5})", ReplyStatus::malformed, {}},
    {R"({"id":1,"value":1,"extra":true})", ReplyStatus::malformed, {}},
    {R"({"id":1,"unsupported":""})", ReplyStatus::malformed, {}},
    {R"({"id":1,"errored":"x","context":{"n":1}})", ReplyStatus::malformed, {}},
    // No usable id: the stream cannot be trusted.
    {R"(not json)", ReplyStatus::no_id, {}},
    {R"([1,2])", ReplyStatus::no_id, {}},
    {R"({"value":1})", ReplyStatus::no_id, {}},
    {R"({"id":-1,"value":1})", ReplyStatus::no_id, {}},
    {R"({"id":"1","value":1})", ReplyStatus::no_id, {}},
    {R"({"id":9007199254740992,"value":1})", ReplyStatus::no_id, {}},
    {R"({"id":null,"errored":"request is not JSON"})", ReplyStatus::no_id, {}},
};

TEST(DecodeReply, table) {
  for (const auto& row : kReplies) {
    Reply r;
    std::string error;
    const auto status = decode_reply(row.line, r, error);
    EXPECT_EQ(status, row.status) << row.line << " (" << error << ")";
    if (status == ReplyStatus::ok && row.status == ReplyStatus::ok) {
      EXPECT_EQ(r.outcome.kind, row.kind) << row.line;
    }
  }
}

TEST(DecodeReply, errored_context_is_kept_in_the_message) {
  Reply r;
  std::string error;
  ASSERT_EQ(decode_reply(R"({"id":3,"errored":"KeyError: 'x'","context":{"traceback":"line 9"}})", r, error),
            ReplyStatus::ok);
  EXPECT_EQ(r.id, 3u);
  EXPECT_NE(r.outcome.message.find("KeyError: 'x'"), std::string::npos);
  EXPECT_NE(r.outcome.message.find("traceback: line 9"), std::string::npos);
}

TEST(DecodeReply, elapsed_is_the_calls_own_duration) {
  Reply r;
  std::string error;
  ASSERT_EQ(decode_reply(R"({"id":4,"raises":"TimeoutError","message":"timed out","elapsed":0.100213})", r, error),
            ReplyStatus::ok)
      << error;
  ASSERT_TRUE(r.outcome.seconds.has_value());
  EXPECT_DOUBLE_EQ(*r.outcome.seconds, 0.100213);
  ASSERT_EQ(decode_reply(R"({"id":5,"value":{"bytes":"00"},"elapsed":1e-6})", r, error), ReplyStatus::ok) << error;
  EXPECT_DOUBLE_EQ(r.outcome.seconds.value_or(-1), 1e-6);
  ASSERT_EQ(decode_reply(R"({"id":6,"value":"1.2.3.4"})", r, error), ReplyStatus::ok);
  EXPECT_FALSE(r.outcome.seconds.has_value());  // not said: the harness's round trip counts
}

constexpr const char* kGoodHello =
    R"({"protocol":1,"implementation":{"name":"go","version":"go1.19","language":"go"},"profile":"3.12",)"
    R"("ops":["inet_pton","inet_ntop","socket.bind"],"families":["AF_INET","AF_INET6"],"unsupported":{"inet_aton":"none"}})";

TEST(DecodeHello, reads_a_complete_hello) {
  Hello h;
  std::string error;
  ASSERT_TRUE(decode_hello(kGoodHello, h, error)) << error;
  EXPECT_EQ(h.name, "go");
  EXPECT_EQ(h.profile, sock::Profile::v3_12);
  EXPECT_TRUE(h.supports("inet_ntop"));
  EXPECT_TRUE(h.supports("socket.bind"));
  EXPECT_FALSE(h.supports("inet_aton"));
  EXPECT_EQ(h.unsupported.at("inet_aton"), "none");
}

TEST(DecodeHello, rejects_what_the_schema_rejects) {
  const char* bad[] = {
      R"({"protocol":2,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.12","ops":[],"families":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1"},"profile":"3.12","ops":[],"families":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.11","ops":[],"families":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.12","ops":["a","a"],"families":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.12","ops":["not an op"],"families":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.12","ops":[]})",
      R"({"protocol":1,"implementation":{"name":"go","version":"1","language":"go"},"profile":"3.12","ops":[],"families":[],"extra":1})",
      R"(hello)",
  };
  for (const char* line : bad) {
    Hello h;
    std::string error;
    EXPECT_FALSE(decode_hello(line, h, error)) << line;
    EXPECT_FALSE(error.empty()) << line;
  }
}

TEST(EncodeCall, writes_one_line_in_the_value_encoding) {
  const std::string line = encode_call(7, "inet_pton", {sock::Value(sock::Const{"AF_INET"}), sock::Value("1.2.3.4"),
                                                        sock::Value(sock::Bytes{"\x01"}), sock::Value(1.5)});
  EXPECT_EQ(line,
            R"({"id":7,"cmd":"call","op":"inet_pton","args":[{"const":"AF_INET"},"1.2.3.4",{"bytes":"01"},{"float":"1.5"}]})"
            "\n");
}

TEST(EncodeCall, invalid_utf8_in_a_string_cannot_break_the_line) {
  const std::string line = encode_call(1, "inet_aton", {sock::Value(std::string("\xff\n"))});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded());
}

// The fast paths (hand-written encoding and decoding of the common cases)
// must give exactly what value_json gives.
TEST(FastPaths, encoding_matches_value_json) {
  const sock::Value values[] = {
      sock::Value("1.2.3.4"), sock::Value(""), sock::Value("a\"b"), sock::Value("tab\t"), sock::Value("\x7f"),
      sock::Value(std::string("\xc3\xa9")), sock::Value(0), sock::Value(-1),
      sock::Value(std::int64_t{INT64_MIN}), sock::Value(sock::Bytes{std::string("\x00\xff\x10", 3)}),
      sock::Value(sock::Bytes{}), sock::Value(sock::Const{"AF_INET6"}), sock::Value(sock::BigInt{"99999999999999999999"}),
      sock::Value(1.5), sock::Value(true), sock::Value(sock::None{}), sock::Value(sock::Tuple{sock::Value(1)}),
  };
  for (const auto& v : values) {
    std::string fast;
    if (append_simple_value(fast, v)) {
      EXPECT_EQ(fast, to_json(v).dump()) << sock::repr(v);
    } else {
      EXPECT_TRUE(fast.empty()) << sock::repr(v);
    }
  }
}

TEST(FastPaths, decoding_matches_value_json) {
  const char* lines[] = {
      R"({"id":1,"value":"1.2.3.4"})", R"({"id":1,"value":""})", R"({"id":1,"value":"a\"b"})",
      R"({"id":1,"value":"\u00e9"})", R"({"id":12,"value":0})", R"({"id":1,"value":-0})",
      R"({"id":1,"value":-9223372036854775808})", R"({"id":1,"value":123456789012345678})",
      R"({"id":1,"value":null})", R"({"id":1,"value":true})", R"({"id":1,"value":false})",
      R"({"id":1,"value":{"bytes":"7F00ff"}})", R"({"id":1,"value":{"bytes":""}})",
      R"({"id":1,"value":["a",{"bytes":"00"}]})", R"({"id":1,"value":{"const":"AF_INET"}})",
      R"({"id":1,"raises":"OSError","message":"illegal IP address string passed to inet_aton"})",
      R"({"id":1,"raises":"socket.gaierror","message":"x\ny"})", R"({ "id" : 1 , "value" : 1 })",
      R"({"id":7,"unsupported":"Node has no inet_aton"})", R"({"id":7,"unsupported":"quote \" inside"})",
  };
  for (const char* line : lines) {
    Reply r;
    std::string error;
    ASSERT_EQ(decode_reply(line, r, error), ReplyStatus::ok) << line << ": " << error;
    sock::Outcome slow;
    ASSERT_TRUE(outcome_from_json(nlohmann::json::parse(line), slow, error)) << line;
    EXPECT_EQ(r.id, nlohmann::json::parse(line)["id"].get<std::uint64_t>()) << line;
    EXPECT_EQ(r.outcome.kind, slow.kind) << line;
    EXPECT_EQ(r.outcome.value, slow.value) << line;
    EXPECT_EQ(r.outcome.error_class, slow.error_class) << line;
    EXPECT_EQ(r.outcome.message, slow.message) << line;
  }
}

}  // namespace
}  // namespace sockcheck::adapter
