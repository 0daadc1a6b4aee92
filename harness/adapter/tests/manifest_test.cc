// Manifests: loading, needs, the listing, and the factory, on adapter
// folders made for the test.
#include "harness/adapter/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sockcheck::adapter {
namespace {

namespace fs = std::filesystem;

class Manifests : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sockcheck-manifests-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    env_ = {root_ / "adapters", root_ / "build"};
    const std::string ok = std::string(SOCKCHECK_ADAPTER_TESTS_DIR) + "/broken/ok.py";
    write("good", R"({"name":"good","description":"works","command":["python3","-B",")" + ok + R"("],"needs":["python3"]})");
    write("noprogram", R"({"name":"noprogram","description":"d","command":["x"],"needs":["sockcheck-no-such-program"]})");
    write("unbuilt", R"({"name":"unbuilt","description":"d","command":["{build}/bin"],"needs":["{build}/bin"]})");
    write("typo", R"({"name":"typo","description":"d","command":["x"],"needs":[],"comand":["x"]})");
    write("renamed", R"({"name":"other","description":"d","command":["x"],"needs":[]})");
    write("broken-json", R"({"name":)");
    fs::create_directories(env_.adapters_dir / "common");  // a folder without a manifest is not an adapter
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& name, const std::string& text) {
    fs::create_directories(env_.adapters_dir / name);
    std::ofstream(env_.adapters_dir / name / "adapter.json") << text;
  }

  fs::path root_;
  AdapterEnvironment env_;
};

TEST_F(Manifests, listing_says_why_each_is_unavailable) {
  const auto list = list_adapters(env_);
  std::map<std::string, AdapterListing> by;
  for (const auto& l : list) by[l.name] = l;
  ASSERT_EQ(list.size(), 6u);
  EXPECT_TRUE(by["good"].available) << by["good"].why_not;
  EXPECT_NE(by["noprogram"].why_not.find("sockcheck-no-such-program is not in PATH"), std::string::npos);
  EXPECT_NE(by["unbuilt"].why_not.find((root_ / "build" / "unbuilt" / "bin").string()), std::string::npos)
      << by["unbuilt"].why_not;
  EXPECT_NE(by["typo"].why_not.find("comand"), std::string::npos) << by["typo"].why_not;
  EXPECT_NE(by["renamed"].why_not.find("differs from the folder"), std::string::npos);
  EXPECT_NE(by["broken-json"].why_not.find("not valid JSON"), std::string::npos);
}

TEST_F(Manifests, factory_starts_an_available_adapter) {
  auto t = make_adapter_target("good", env_);
  EXPECT_EQ(t->info().name, "good");
  EXPECT_EQ(t->info().description, "works");
  const auto out = t->run(std::vector<Call>{{"echo", {sock::Value("x")}}});
  EXPECT_EQ(out[0].value, sock::Value("x"));
}

TEST_F(Manifests, factory_refuses_unknown_and_unavailable) {
  EXPECT_THROW((void)make_adapter_target("nothing", env_), AdapterError);
  EXPECT_THROW((void)make_adapter_target("../adapters/good", env_), AdapterError);
  EXPECT_THROW((void)make_adapter_target("noprogram", env_), AdapterError);
}

// Every manifest in the repository's adapters/ is valid (available or not).
TEST(RepositoryAdapters, every_manifest_loads) {
  const AdapterEnvironment env{fs::path(SOCKCHECK_REPO_ROOT) / "adapters", fs::temp_directory_path()};
  const auto list = list_adapters(env);
  EXPECT_FALSE(list.empty());
  for (const auto& l : list) {
    EXPECT_TRUE(l.available || l.why_not.find("adapter.json") == std::string::npos) << l.name << ": " << l.why_not;
  }
}

}  // namespace
}  // namespace sockcheck::adapter
