#include "harness/run/verdict.h"

#include <gtest/gtest.h>

namespace sockcheck {
namespace {

Case ground_truth_raises(const char* cls) {
  Case c;
  c.accept.push_back({sock::OutcomeKind::raised, {}, cls, {}});
  return c;
}

TEST(VerdictTest, RaisedClassMatchesThroughTheProfilesHierarchy) {
  const Case c = ground_truth_raises("socket.error");
  EXPECT_EQ(judge(c, sock::Outcome::raise("OSError", "m"), sock::Profile::v3_3).verdict, Verdict::passed);
  EXPECT_EQ(judge(c, sock::Outcome::raise("OSError", "m"), sock::Profile::v2_6).verdict, Verdict::failed);
  EXPECT_EQ(judge(c, sock::Outcome::raise("socket.gaierror", "m"), sock::Profile::v2_6).verdict, Verdict::passed);
  EXPECT_EQ(judge(c, sock::Outcome::raise("ValueError", "m"), sock::Profile::v3_12).verdict, Verdict::failed);
}

TEST(VerdictTest, AValueIsNeverAnException) {
  const Case c = ground_truth_raises("OSError");
  EXPECT_EQ(judge(c, sock::Outcome::returned(sock::Value(1)), sock::Profile::v3_12).verdict, Verdict::failed);
}

TEST(VerdictTest, ImplementationDefinedCasesReportWhichOutcomeWasChosen) {
  Case c;
  c.implementation_defined = true;
  c.accept.push_back({sock::OutcomeKind::raised, {}, "OSError", "posix"});
  c.accept.push_back({sock::OutcomeKind::value, sock::Value(sock::Bytes{"\x01\x02\x03\x04"}), {}, "glibc"});
  const auto a = judge(c, sock::Outcome::raise("OSError", ""), sock::Profile::v3_12);
  EXPECT_EQ(a.verdict, Verdict::passed);
  EXPECT_EQ(a.label, "posix");
  const auto b = judge(c, sock::Outcome::returned(sock::Bytes{"\x01\x02\x03\x04"}), sock::Profile::v3_12);
  EXPECT_EQ(b.verdict, Verdict::passed);
  EXPECT_EQ(b.label, "glibc");
  EXPECT_EQ(judge(c, sock::Outcome::returned(sock::Bytes{"\x01\x02\x03\x05"}), sock::Profile::v3_12).verdict,
            Verdict::failed);
}

TEST(VerdictTest, UnsupportedIsSkippedAndErroredIsErrored) {
  const Case c = ground_truth_raises("OSError");
  EXPECT_EQ(judge(c, sock::Outcome::unsupported("no"), sock::Profile::v3_12).verdict, Verdict::skipped);
  EXPECT_EQ(judge(c, sock::Outcome::errored("crash"), sock::Profile::v3_12).verdict, Verdict::errored);
}

}  // namespace
}  // namespace sockcheck
