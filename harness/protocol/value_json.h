// value_json.h: the JSON form of values and outcomes, shared by the reports
// and the adapter protocol.
//
// JSON has no bytes, tuples, big integers or NaN, and a language-neutral
// protocol must not depend on a JSON library's extensions, so:
//   None -> null, bool -> true/false, int in int64 -> number,
//   int beyond int64 -> {"int": "<decimal>"}, str -> "string",
//   float -> {"float": "<repr>"} ("nan", "inf", "-inf", "1.5"),
//   bytes -> {"bytes": "<lowercase hex>"}, tuple -> [ ... ],
//   constant -> {"const": "AF_INET"}, a target's object -> {"handle": "h1"}.
// Floats are tagged so that 1 and 1.0 stay apart (a float where an int is
// expected is a TypeError in the documents' API).
//
// An outcome is {"value": V}, {"raises": "Class", "message": "..."},
// {"unsupported": "why"} or {"errored": "why"}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "impl/core/outcome.h"
#include "impl/core/value.h"

namespace sockcheck {

[[nodiscard]] nlohmann::json to_json(const sock::Value& value);
[[nodiscard]] nlohmann::json to_json(const sock::Outcome& outcome);

// Decoding reports malformed input through `error` (a sentence) and
// returns false; it never throws.
[[nodiscard]] bool value_from_json(const nlohmann::json& j, sock::Value& out, std::string& error);
[[nodiscard]] bool outcome_from_json(const nlohmann::json& j, sock::Outcome& out, std::string& error);

}  // namespace sockcheck
