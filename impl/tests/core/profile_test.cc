#include "impl/core/profile.h"

#include <gtest/gtest.h>

namespace sock {
namespace {

TEST(ProfileTest, PythonVersionsMapToTheNewestDocumentAtOrBelowThem) {
  const std::pair<const char*, std::optional<Profile>> rows[] = {
      {"1.x", Profile::v1},   {"1.5.2", Profile::v1}, {"2.3", Profile::v1},   {"2.4", Profile::v2_4},
      {"2.5", Profile::v2_4}, {"2.6", Profile::v2_6}, {"2.7", Profile::v2_6}, {"3.0", Profile::v2_6},
      {"3.3", Profile::v3_3}, {"3.11", Profile::v3_3}, {"3.12", Profile::v3_12}, {"3.13.1", Profile::v3_12},
      {"4.0", std::nullopt},  {"", std::nullopt},      {"three", std::nullopt}, {"3.x", std::nullopt},
  };
  for (const auto& [text, want] : rows) EXPECT_EQ(parse_profile(text), want) << text;
}

TEST(ProfileTest, RangesParseAndPrintBack) {
  const char* rows[] = {"all", "3.3+", "2.4-2.6", "-2.6", "3.12", "1.x"};
  for (const char* text : rows) {
    const auto r = parse_version_range(text);
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(r->to_string(), text);
  }
}

TEST(ProfileTest, RangeBoundsAreInclusive) {
  const auto r = parse_version_range("2.6-3.3");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->contains(Profile::v2_4));
  EXPECT_TRUE(r->contains(Profile::v2_6));
  EXPECT_TRUE(r->contains(Profile::v3_3));
  EXPECT_FALSE(r->contains(Profile::v3_12));
}

TEST(ProfileTest, BadRangesAreRejected) {
  for (const char* text : {"", "3.3-2.6", "+", "2.6-", "x+", "3.3++"}) EXPECT_FALSE(parse_version_range(text)) << text;
}

TEST(ProfileTest, EverySeedDocumentMapsToItsProfile) {
  for (const Profile p : kProfiles) EXPECT_EQ(profile_of_document(seed_document(p)), p) << name(p);
  EXPECT_FALSE(profile_of_document("005_unknown.txt"));
}

}  // namespace
}  // namespace sock
