// protocol.h: the messages of sockcheck-adapter/1 (docs/adapter-protocol.md),
// encoded and decoded for the harness side.
//
// The harness decodes replies with hand-written checks that mirror
// schemas/adapter/reply.json and hello.json exactly, because it reads
// hundreds of thousands of them a second; `sockcheck adapter-check` runs
// the JSON Schemas themselves (schema.h) over every message.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/outcome.h"
#include "impl/core/profile.h"
#include "impl/core/value.h"

namespace sockcheck::adapter {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::string_view kProtocolName = "sockcheck-adapter/1";

// The adapter's answer to start.
struct Hello {
  std::string name;      // implementation.name
  std::string version;   // implementation.version
  std::string language;  // implementation.language
  std::string description;
  std::string homepage;
  sock::Profile profile = sock::kNewestProfile;
  std::vector<std::string> ops;       // sorted
  std::vector<std::string> families;  // AF_* names
  std::map<std::string, std::string> unsupported;  // op -> why

  [[nodiscard]] bool supports(std::string_view op) const;
};

// The start line, newline included.
[[nodiscard]] std::string encode_start(std::string_view harness, std::optional<sock::Profile> profile);
// A call line, newline included.
[[nodiscard]] std::string encode_call(std::uint64_t id, std::string_view op, const std::vector<sock::Value>& args);
// Appends the JSON of `v` exactly as value_json's to_json(v).dump() writes
// it, for the common kinds (plain ASCII strings, int64, bytes, constants);
// returns false, appending nothing, for the others.
[[nodiscard]] bool append_simple_value(std::string& out, const sock::Value& v);
[[nodiscard]] bool append_simple_string(std::string& out, std::string_view s);
// The stop line, newline included.
[[nodiscard]] std::string encode_stop();

// Parses a hello line; on failure says what is wrong in `error`.
[[nodiscard]] bool decode_hello(std::string_view line, Hello& out, std::string& error);

enum class ReplyStatus {
  ok,         // id and outcome read
  malformed,  // id read, but the rest is not a valid reply: that call is errored
  no_id,      // not JSON, or no usable id: the stream cannot be trusted
};

struct Reply {
  std::uint64_t id = 0;
  sock::Outcome outcome;
};

// Decodes one reply line. An adapter's own {"errored": ..., "context": ...}
// becomes an errored outcome whose message includes the context.
[[nodiscard]] ReplyStatus decode_reply(std::string_view line, Reply& out, std::string& error);

}  // namespace sockcheck::adapter
