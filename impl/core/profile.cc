#include "profile.h"

#include <charconv>

namespace sock {

namespace {

struct ProfileInfo {
  Profile profile;
  std::string_view name;
  std::string_view seed;
  int major;
  int minor;
};

// The seeds are identified by their contents: 000 is the Python 1.x library
// reference, 002 the 2.4-era "Socket Objects" page, 001 the 2.6 socket.rst
// (versionadded up to 2.6), 003 the 3.3 socket.rst (versionadded 3.3) and
// 004 the 3.12+ socket.rst.
constexpr std::array<ProfileInfo, 5> kInfo = {{
    {Profile::v1, "1.x", "000_b42094c98498c053.txt", 1, 0},
    {Profile::v2_4, "2.4", "002_aba99aecf4369f5c.txt", 2, 4},
    {Profile::v2_6, "2.6", "001_e4d1b35d7367b617.txt", 2, 6},
    {Profile::v3_3, "3.3", "003_ac34b2b55d1ebb3c.txt", 3, 3},
    {Profile::v3_12, "3.12", "004_d562f9dcb6cea31b.txt", 3, 12},
}};

const ProfileInfo& info(Profile p) { return kInfo[static_cast<std::size_t>(p)]; }

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string_view name(Profile profile) { return info(profile).name; }
std::string_view seed_document(Profile profile) { return info(profile).seed; }

std::optional<Profile> profile_of_document(std::string_view seed_file) {
  for (const auto& i : kInfo) {
    if (seed_file == i.seed) return i.profile;
  }
  return std::nullopt;
}

std::optional<Profile> parse_profile(std::string_view text) {
  for (const auto& i : kInfo) {
    if (text == i.name) return i.profile;
  }
  // A Python version: major[.minor[.patch]].
  const auto dot = text.find('.');
  const auto major = parse_int(text.substr(0, dot));
  if (!major) return std::nullopt;
  int minor = 0;
  if (dot != std::string_view::npos) {
    std::string_view rest = text.substr(dot + 1);
    rest = rest.substr(0, rest.find('.'));
    const auto m = parse_int(rest);
    if (!m) return std::nullopt;
    minor = *m;
  }
  if (*major < 1 || *major > 3) return std::nullopt;
  std::optional<Profile> best;
  for (const auto& i : kInfo) {
    if (i.major < *major || (i.major == *major && i.minor <= minor)) best = i.profile;
  }
  return best;
}

std::string VersionRange::to_string() const {
  if (first == Profile::v1 && last == kNewestProfile) return "all";
  if (first == last) return std::string(name(first));
  if (last == kNewestProfile) return std::string(name(first)) + "+";
  if (first == Profile::v1) return "-" + std::string(name(last));
  return std::string(name(first)) + "-" + std::string(name(last));
}

std::optional<VersionRange> parse_version_range(std::string_view text) {
  if (text == "all") return VersionRange{};
  if (!text.empty() && text.back() == '+') {
    const auto p = parse_profile(text.substr(0, text.size() - 1));
    if (!p) return std::nullopt;
    return VersionRange{*p, kNewestProfile};
  }
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    const auto lo = dash == 0 ? std::optional<Profile>(Profile::v1) : parse_profile(text.substr(0, dash));
    const auto hi = parse_profile(text.substr(dash + 1));
    if (!lo || !hi || *hi < *lo) return std::nullopt;
    return VersionRange{*lo, *hi};
  }
  const auto p = parse_profile(text);
  if (!p) return std::nullopt;
  return VersionRange{*p, *p};
}

}  // namespace sock
