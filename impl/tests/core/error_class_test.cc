#include "impl/core/error_class.h"

#include <gtest/gtest.h>

namespace sock {
namespace {

struct Row {
  const char* raised;
  const char* expected;
  Profile profile;
  bool matches;
};

// The documents: socket.error is a plain exception in 1.x/2.4, "a subclass
// of IOError" in 2.6, and OSError itself from 3.3 on; socket.timeout is an
// alias of TimeoutError in 3.12 (3.10+).
TEST(ErrorClassTest, HierarchyPerProfile) {
  const Row rows[] = {
      // 3.3 and later: socket.error is OSError
      {"OSError", "socket.error", Profile::v3_3, true},
      {"socket.error", "OSError", Profile::v3_12, true},
      {"socket.gaierror", "OSError", Profile::v3_3, true},
      {"socket.timeout", "OSError", Profile::v3_3, true},
      {"TimeoutError", "socket.timeout", Profile::v3_12, true},
      {"TimeoutError", "socket.timeout", Profile::v3_3, false},
      {"BlockingIOError", "OSError", Profile::v3_12, true},
      {"ValueError", "OSError", Profile::v3_12, false},
      {"OSError", "ValueError", Profile::v3_12, false},
      // 2.6: socket.error derives from IOError but is not OSError
      {"socket.error", "IOError", Profile::v2_6, true},
      {"socket.error", "OSError", Profile::v2_6, false},
      {"socket.timeout", "socket.error", Profile::v2_6, true},
      {"socket.error", "EnvironmentError", Profile::v2_6, true},
      // 2.4 and 1.x: socket.error is a plain Exception
      {"socket.error", "IOError", Profile::v2_4, false},
      {"socket.gaierror", "socket.error", Profile::v2_4, true},
      // everywhere
      {"OverflowError", "ArithmeticError", Profile::v3_12, true},
      {"UnicodeEncodeError", "ValueError", Profile::v3_12, true},
      {"ValueError", "Exception", Profile::v1, true},
      {"TypeError", "TypeError", Profile::v1, true},
      {"SomethingElse", "Exception", Profile::v3_12, true},
      {"SomethingElse", "OSError", Profile::v3_12, false},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(error_class_matches(r.raised, r.expected, r.profile), r.matches)
        << r.raised << " caught by " << r.expected << " in " << name(r.profile);
  }
}

TEST(ErrorClassTest, KnownClassesIncludeTheDocumentedOnesOnly) {
  for (const char* n : {"socket.error", "socket.herror", "socket.gaierror", "socket.timeout", "OSError", "ValueError",
                        "TypeError", "OverflowError", "Exception"}) {
    EXPECT_TRUE(is_known_error_class(n)) << n;
  }
  for (const char* n : {"socket.Error", "OSErrror", "", "error"}) EXPECT_FALSE(is_known_error_class(n)) << n;
}

}  // namespace
}  // namespace sock
