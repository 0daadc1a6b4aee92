// adapter_protocol: the harness's decoders of the adapter protocol
// (docs/adapter-protocol.md): the JSON form of values and outcomes
// (harness/protocol/value_json: value_from_json, outcome_from_json) and the
// adapter's reply and hello lines (harness/adapter/protocol: decode_reply,
// with its fast path for common replies and the full JSON path behind it,
// and decode_hello). Input: one line from an adapter, as is.
//
// Invariants, for every byte line l:
//
//  1. Nothing throws and nothing crashes: every decoder answers with a
//     value or a clear error (a nonempty sentence; decode_reply's status
//     says whether the id was read).
//  2. Values round-trip: when l is JSON that value_from_json reads as v,
//     to_json(v) reads back as v (NaN equal to NaN), and
//     append_simple_value(v), when it handles v, writes exactly
//     to_json(v).dump() (protocol.h promises the same bytes).
//  3. Outcomes round-trip the same way through outcome_from_json/to_json.
//  4. Replies round-trip, on the fast path and off it: a reply decode_reply
//     reads as (id, outcome), other than an adapter's own "errored" (whose
//     message the harness prefixes), written back as the canonical line
//     {"id":N,"value":V} / {"id":N,"raises":C,"message":M} /
//     {"id":N,"unsupported":W} decodes to the same id and outcome; so does
//     the same line with a space after its "{", which the fast path never
//     takes. So the fast path and the full decoder agree on what both read.
//     An "errored" reply reads as an errored outcome whose message starts
//     "adapter reported: ".
//  5. A hello that decode_hello accepts lists its ops and families sorted,
//     each once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "harness/adapter/protocol.h"
#include "harness/protocol/value_json.h"
#include "impl/core/outcome.h"
#include "impl/core/value.h"

namespace {

using nlohmann::json;
using sockcheck::adapter::ReplyStatus;

// Replies are one line each; a few hundred bytes hold every kind of value
// and a hello with its lists.
constexpr std::size_t kMaxLen = 1024;

SOCKFUZZ_CHECKER bool same_outcome(const sock::Outcome& a, const sock::Outcome& b) {
  return a.kind == b.kind && a.value == b.value && a.error_class == b.error_class && a.message == b.message;
}

// Invariant 2 for one decoded value.
void check_value(const sock::Value& v) {
  const std::string dumped = sockcheck::to_json(v).dump();
  sock::Value again;
  std::string error;
  const bool ok = sockcheck::value_from_json(json::parse(dumped), again, error);
  SOCKFUZZ_CHECK_WITH(ok && again == v, .text("value", sock::repr(v))
                                            .text("to_json", dumped)
                                            .text("read back", ok ? sock::repr(again) : error));
  std::string simple;
  if (sockcheck::adapter::append_simple_value(simple, v)) {
    SOCKFUZZ_CHECK_WITH(sockfuzz::same_text(simple, dumped),
                        .text("value", sock::repr(v)).text("append_simple_value", simple).text("to_json", dumped));
  }
}

// The canonical line of a reply (invariant 4), in the order adapters write
// it and the fast path expects.
std::string reply_line(std::uint64_t id, const sock::Outcome& o) {
  std::string line = "{\"id\":" + std::to_string(id);
  switch (o.kind) {
    case sock::OutcomeKind::value: line += ",\"value\":" + sockcheck::to_json(o.value).dump(); break;
    case sock::OutcomeKind::raised:
      line += ",\"raises\":" + json(o.error_class).dump() + ",\"message\":" + json(o.message).dump();
      break;
    case sock::OutcomeKind::unsupported: line += ",\"unsupported\":" + json(o.message).dump(); break;
    case sock::OutcomeKind::errored: line += ",\"errored\":" + json(o.message).dump(); break;
  }
  return line + "}";
}

void check_reply(std::string_view line) {
  sockcheck::adapter::Reply reply;
  std::string error;
  const ReplyStatus status = sockcheck::adapter::decode_reply(line, reply, error);
  if (status != ReplyStatus::ok) {
    // 1
    SOCKFUZZ_CHECK_WITH(!error.empty(), .text("status", status == ReplyStatus::no_id ? "no_id" : "malformed"));
    return;
  }
  if (reply.outcome.kind == sock::OutcomeKind::errored) {
    SOCKFUZZ_CHECK_WITH(reply.outcome.message.starts_with("adapter reported: "),
                        .text("errored message", reply.outcome.message));
    return;
  }
  if (reply.outcome.returned_value()) check_value(reply.outcome.value);
  // 4
  const std::string canonical = reply_line(reply.id, reply.outcome);
  const std::string spaced = "{ " + canonical.substr(1);
  for (const std::string& again : {canonical, spaced}) {
    sockcheck::adapter::Reply back;
    std::string back_error;
    const ReplyStatus back_status = sockcheck::adapter::decode_reply(again, back, back_error);
    SOCKFUZZ_CHECK_WITH(back_status == ReplyStatus::ok && back.id == reply.id && same_outcome(back.outcome, reply.outcome),
                        .text("decoded", sock::describe(reply.outcome))
                            .text("written back", again)
                            .text("read back", back_status == ReplyStatus::ok ? sock::describe(back.outcome) : back_error));
  }
}

void check_json_decoders(std::string_view line) {
  const json j = json::parse(line, nullptr, false);
  // Not JSON: only decode_reply and decode_hello read such lines.
  if (j.is_discarded()) return;
  sock::Value v;
  std::string error;
  if (sockcheck::value_from_json(j, v, error)) {
    check_value(v);
  } else {
    SOCKFUZZ_CHECK(!error.empty());
  }
  sock::Outcome o;
  error.clear();
  if (sockcheck::outcome_from_json(j, o, error)) {
    // 3
    sock::Outcome again;
    std::string again_error;
    const bool ok = sockcheck::outcome_from_json(json::parse(sockcheck::to_json(o).dump()), again, again_error);
    SOCKFUZZ_CHECK_WITH(ok && same_outcome(again, o), .text("outcome", sock::describe(o))
                                                          .text("read back", ok ? sock::describe(again) : again_error));
  } else {
    SOCKFUZZ_CHECK(!error.empty());
  }
}

void check_hello(std::string_view line) {
  sockcheck::adapter::Hello hello;
  std::string error;
  if (!sockcheck::adapter::decode_hello(line, hello, error)) {
    SOCKFUZZ_CHECK(!error.empty());
    return;
  }
  // 5
  const auto sorted_once = [](const std::vector<std::string>& names) {
    return std::adjacent_find(names.begin(), names.end(), std::greater_equal<>()) == names.end();
  };
  SOCKFUZZ_CHECK(sorted_once(hello.ops));
  SOCKFUZZ_CHECK(sorted_once(hello.families));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  // 1: every check below runs inside this try; an exception is a failure.
  try {
    check_reply(line);
    check_json_decoders(line);
    check_hello(line);
  } catch (const std::exception& e) {
    sockfuzz::Failure("an exception escaped an adapter-protocol decoder", __FILE__, __LINE__).text("what", e.what()).fail();
  }
  return 0;
}
