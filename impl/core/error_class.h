// error_class.h: the documented exception classes and their hierarchy in
// each version of the spec.
//
// A case expects an error class ("socket.error", "ValueError"); a target
// reports the class it raised. They match when the raised class is the
// expected one or a subclass of it *in the run's profile*: socket.error is a
// plain Exception in 1.x and 2.4, an IOError in 2.6, and merely another name
// for OSError from 3.3 on; socket.timeout became an alias of TimeoutError in
// 3.10. Names are compared after resolving such aliases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "profile.h"

namespace sock {

// The canonical name of an error class in a profile: aliases resolved
// ("socket.error" -> "OSError" from 3.3 on). Unknown names come back as they are.
[[nodiscard]] std::string_view canonical_error_class(std::string_view name, Profile profile);

// True when an exception of class `raised` is caught by `except expected:`
// in the given profile.
[[nodiscard]] bool error_class_matches(std::string_view raised, std::string_view expected, Profile profile);

// True for the class names a spec case may expect; the loader rejects
// others, so that a typo cannot turn a case into one that never matches.
[[nodiscard]] bool is_known_error_class(std::string_view name);

// True when a class of that name exists in the profile's Python: the
// hierarchy places it there, or an alias for it holds there (IOError is
// OSError from 3.3; TimeoutError is new in 3.3; socket.herror, gaierror and
// timeout are not in the 1.x document). With it, error_class_matches is
// Python's issubclass for two existing classes.
[[nodiscard]] bool error_class_exists(std::string_view name, Profile profile);

[[nodiscard]] const std::vector<std::string_view>& known_error_classes();

}  // namespace sock
