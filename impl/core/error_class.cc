#include "error_class.h"

#include <algorithm>

namespace sock {

namespace {

struct Edge {
  std::string_view child;
  std::string_view parent;
  Profile from;  // the edge holds from this profile on ...
  Profile to;    // ... up to and including this one
};

constexpr Profile P1 = Profile::v1, P24 = Profile::v2_4, P26 = Profile::v2_6, P33 = Profile::v3_3,
                  P312 = Profile::v3_12;

// Parent links of the Python exception classes the documents name, per
// profile range (Python's own class hierarchy; socket.error's place is
// stated by the documents: "a subclass of IOError" in 2.6, "a deprecated
// alias of OSError" from 3.3).
constexpr Edge kEdges[] = {
    {"socket.error", "Exception", P1, P24},
    {"socket.error", "IOError", P26, P26},
    {"IOError", "EnvironmentError", P1, P26},
    {"OSError", "EnvironmentError", P1, P26},
    {"EnvironmentError", "StandardError", P1, P26},
    {"StandardError", "Exception", P1, P26},
    {"socket.herror", "socket.error", P1, P26},
    {"socket.gaierror", "socket.error", P1, P26},
    {"socket.timeout", "socket.error", P1, P26},
    {"socket.herror", "OSError", P33, P312},
    {"socket.gaierror", "OSError", P33, P312},
    {"socket.timeout", "OSError", P33, P33},
    {"TimeoutError", "OSError", P33, P312},
    {"OSError", "Exception", P33, P312},
    {"ValueError", "StandardError", P1, P26},
    {"TypeError", "StandardError", P1, P26},
    {"ArithmeticError", "StandardError", P1, P26},
    {"ValueError", "Exception", P33, P312},
    {"TypeError", "Exception", P33, P312},
    {"ArithmeticError", "Exception", P33, P312},
    {"OverflowError", "ArithmeticError", P1, P312},
    {"UnicodeError", "ValueError", P1, P312},
    {"UnicodeEncodeError", "UnicodeError", P1, P312},
    {"UnicodeDecodeError", "UnicodeError", P1, P312},
    {"BlockingIOError", "OSError", P33, P312},
    {"ConnectionError", "OSError", P33, P312},
    {"ConnectionRefusedError", "ConnectionError", P33, P312},
    {"ConnectionResetError", "ConnectionError", P33, P312},
    {"ConnectionAbortedError", "ConnectionError", P33, P312},
    {"BrokenPipeError", "ConnectionError", P33, P312},
    {"InterruptedError", "OSError", P33, P312},
    {"FileNotFoundError", "OSError", P33, P312},
    {"PermissionError", "OSError", P33, P312},
};

struct Alias {
  std::string_view name;
  std::string_view target;
  Profile from;
  Profile to;
};

constexpr Alias kAliases[] = {
    {"socket.error", "OSError", P33, P312},
    {"IOError", "OSError", P33, P312},
    {"EnvironmentError", "OSError", P33, P312},
    {"socket.timeout", "TimeoutError", P312, P312},
};

}  // namespace

std::string_view canonical_error_class(std::string_view name, Profile profile) {
  for (const auto& a : kAliases) {
    if (a.name == name && a.from <= profile && profile <= a.to) return a.target;
  }
  return name;
}

bool error_class_matches(std::string_view raised, std::string_view expected, Profile profile) {
  const std::string_view want = canonical_error_class(expected, profile);
  std::string_view at = canonical_error_class(raised, profile);
  // The hierarchy is a tree of bounded depth; the bound guards the loop.
  for (int depth = 0; depth < 16; ++depth) {
    if (at == want) return true;
    const auto* edge = std::find_if(std::begin(kEdges), std::end(kEdges), [&](const Edge& e) {
      return e.child == at && e.from <= profile && profile <= e.to;
    });
    if (edge == std::end(kEdges)) return want == "Exception" && at != "BaseException";
    at = canonical_error_class(edge->parent, profile);
  }
  return false;
}

const std::vector<std::string_view>& known_error_classes() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v{"Exception"};
    for (const auto& e : kEdges) {
      v.push_back(e.child);
      v.push_back(e.parent);
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return names;
}

bool error_class_exists(std::string_view name, Profile profile) {
  // Classes younger than the hierarchy's first profile: the 1.x document
  // has socket.error only (gaierror is new in 2.2, timeout in 2.3).
  struct Since {
    std::string_view name;
    Profile from;
  };
  constexpr Since kSince[] = {{"socket.herror", P24}, {"socket.gaierror", P24}, {"socket.timeout", P24}};
  for (const auto& s : kSince) {
    if (s.name == name && profile < s.from) return false;
  }
  if (name == "Exception") return true;
  for (const auto& a : kAliases) {
    if (a.name == name && a.from <= profile && profile <= a.to) return true;
  }
  return std::any_of(std::begin(kEdges), std::end(kEdges),
                     [&](const Edge& e) { return e.child == name && e.from <= profile && profile <= e.to; });
}

bool is_known_error_class(std::string_view name) {
  const auto& v = known_error_classes();
  return std::binary_search(v.begin(), v.end(), name);
}

}  // namespace sock
