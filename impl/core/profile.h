// profile.h: the versions of the specification.
//
// Each of the five documents in shared/seeds is one version of the spec.
// A profile names one of them; a case holds for a range of profiles, and a
// run (or a target) selects the profile it is judged against. A real Python
// version maps to the newest document at or below it: 3.7 is judged by the
// 3.3 document, 3.13 by the 3.12+ one.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sock {

enum class Profile : std::uint8_t { v1, v2_4, v2_6, v3_3, v3_12 };

inline constexpr std::array<Profile, 5> kProfiles = {Profile::v1, Profile::v2_4, Profile::v2_6, Profile::v3_3,
                                                     Profile::v3_12};
inline constexpr Profile kNewestProfile = Profile::v3_12;

// "1.x", "2.4", "2.6", "3.3", "3.12".
[[nodiscard]] std::string_view name(Profile profile);

// The seed document (file name in shared/seeds) that defines the profile.
[[nodiscard]] std::string_view seed_document(Profile profile);

// The profile a seed document defines, by file name; nullopt for unknown names.
[[nodiscard]] std::optional<Profile> profile_of_document(std::string_view seed_file);

// Accepts a profile name or any Python version ("2.7", "3.11", "1.5.2");
// nullopt for text that is neither.
[[nodiscard]] std::optional<Profile> parse_profile(std::string_view text);

// A closed range of profiles. Written in spec files as "all", "3.3+",
// "2.4-2.6", "-2.6" or a single profile.
struct VersionRange {
  Profile first = Profile::v1;
  Profile last = kNewestProfile;

  [[nodiscard]] bool contains(Profile p) const { return first <= p && p <= last; }
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const VersionRange&, const VersionRange&) = default;
};

// nullopt when the text is not a range, or the range is empty.
[[nodiscard]] std::optional<VersionRange> parse_version_range(std::string_view text);

}  // namespace sock
