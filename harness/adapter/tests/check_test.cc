// adapter-check on a correct adapter, on the CPython adapter and on
// adapters that break the protocol in ways only it notices.
#include "harness/adapter/check.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sockcheck::adapter {
namespace {

std::vector<std::string> script(const std::string& name) {
  return {"python3", "-B", std::string(SOCKCHECK_ADAPTER_TESTS_DIR) + "/broken/" + name};
}

TEST(AdapterCheck, passes_a_correct_adapter) {
  std::ostringstream out;
  EXPECT_EQ(run_adapter_check(script("ok.py"), out), 0) << out.str();
  EXPECT_NE(out.str().find("checks passed"), std::string::npos) << out.str();
}

TEST(AdapterCheck, passes_the_cpython_adapter) {
  std::ostringstream out;
  EXPECT_EQ(run_adapter_check({"python3", std::string(SOCKCHECK_REPO_ROOT) + "/adapters/cpython/adapter.py"}, out), 0)
      << out.str();
}

TEST(AdapterCheck, names_what_a_lax_adapter_does_wrong) {
  std::ostringstream out;
  EXPECT_EQ(run_adapter_check(script("lax.py"), out), 1) << out.str();
  EXPECT_NE(out.str().find("FAIL  an operation the adapter does not list is answered 'unsupported'"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("FAIL  writes nothing after stop"), std::string::npos) << out.str();
}

TEST(AdapterCheck, reports_a_wrong_protocol_version) {
  std::ostringstream out;
  EXPECT_EQ(run_adapter_check(script("wrong_protocol.py"), out), 1) << out.str();
  EXPECT_NE(out.str().find("speaks protocol 2"), std::string::npos) << out.str();
}

TEST(AdapterCheck, reports_a_command_that_cannot_start) {
  std::ostringstream out;
  EXPECT_EQ(run_adapter_check({"sockcheck-no-such-program"}, out), 2) << out.str();
}

}  // namespace
}  // namespace sockcheck::adapter
