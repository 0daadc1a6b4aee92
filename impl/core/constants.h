// constants.h: the module constants spec cases name symbolically
// (`!const AF_INET`), resolved to this platform's numbers for the
// in-process targets. Adapters resolve them in their own language.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sock {

[[nodiscard]] std::optional<std::int64_t> constant_value(std::string_view name);

// Every name constant_value knows, for `sockcheck list --constants`.
[[nodiscard]] std::vector<std::string_view> constant_names();

}  // namespace sock
