// The compiled-in JSON Schemas and the validator that runs them, checked
// on examples and, when python3-jsonschema is installed, against it.
#include "harness/adapter/schema.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace sockcheck::adapter {
namespace {

using nlohmann::json;

struct Example {
  const char* schema;
  const char* doc;
  bool valid;
};

const Example kExamples[] = {
    // Values.
    {"value.json", R"(null)", true},
    {"value.json", R"(-9223372036854775808)", true},
    {"value.json", R"(9223372036854775807)", true},
    {"value.json", R"(9223372036854775808)", false},
    {"value.json", R"({"int":"18446744073709551616"})", true},
    {"value.json", R"({"int":"012"})", false},
    {"value.json", R"({"float":"nan"})", true},
    {"value.json", R"({"float":"1e+20"})", true},
    {"value.json", R"({"float":"one"})", false},
    {"value.json", R"(1.5)", false},
    {"value.json", R"({"bytes":"7f00"})", true},
    {"value.json", R"({"bytes":"7F00"})", false},
    {"value.json", R"({"bytes":"7f0"})", false},
    {"value.json", R"({"const":"AF_INET"})", true},
    {"value.json", R"({"handle":"h1"})", true},
    {"value.json", R"({"handle":""})", false},
    {"value.json", R"({"bytes":"00","const":"AF_INET"})", false},
    {"value.json", R"(["a",[1,{"bytes":""}],null])", true},
    {"value.json", R"([{"nope":1}])", false},
    // Requests.
    {"start.json", R"({"cmd":"start","protocol":1})", true},
    {"start.json", R"({"cmd":"start","protocol":1,"harness":"x","future":true})", true},
    {"start.json", R"({"cmd":"start","protocol":2})", false},
    {"call.json", R"({"id":0,"cmd":"call","op":"inet_pton","args":[{"const":"AF_INET"},"1.2.3.4"]})", true},
    {"call.json", R"({"id":1,"cmd":"call","op":"socket.bind","args":[{"handle":"h1"},["127.0.0.1",0]]})", true},
    {"call.json", R"({"id":1,"cmd":"call","op":"a.b.c","args":[]})", false},
    {"call.json", R"({"id":1,"cmd":"call","op":"x"})", false},
    {"drop.json", R"({"id":1,"cmd":"drop","handles":["h1"]})", true},
    {"stop.json", R"({"cmd":"stop"})", true},
    // Replies.
    {"reply.json", R"({"id":1,"value":"x"})", true},
    {"reply.json", R"({"id":1,"raises":"socket.gaierror","message":"x"})", true},
    {"reply.json", R"({"id":1,"raises":"OSError"})", false},
    {"reply.json", R"({"id":1,"unsupported":"why"})", true},
    {"reply.json", R"({"id":null,"errored":"not JSON"})", true},
    {"reply.json", R"({"id":null,"value":1})", false},
    {"reply.json", R"({"id":1,"value":1,"unsupported":"x"})", false},
    {"reply.json", R"({"id":1.5,"value":1})", false},
    {"reply.json", R"({"id":1,"errored":"x","context":{"tb":"y"}})", true},
    {"reply.json", R"({"id":1,"value":null,"elapsed":0.25})", true},
    {"reply.json", R"({"id":1,"raises":"TimeoutError","message":"timed out","elapsed":0.1})", true},
    {"reply.json", R"({"id":1,"value":null,"elapsed":-1})", false},
    {"reply.json", R"({"id":1,"unsupported":"x","elapsed":0.1})", false},
    // Hello.
    {"hello.json",
     R"({"protocol":1,"implementation":{"name":"cpython","version":"3.11.2","language":"python"},"profile":"3.3","ops":["inet_aton"],"families":["AF_INET"]})",
     true},
    {"hello.json",
     R"({"protocol":1,"implementation":{"name":"CPython","version":"3.11.2","language":"python"},"profile":"3.3","ops":["inet_aton"],"families":["AF_INET"]})",
     false},
    {"hello.json",
     R"({"protocol":1,"implementation":{"name":"c","version":"1","language":"c"},"profile":"3.3","ops":["a","a"],"families":[]})",
     false},
    // Manifest.
    {"manifest.json", R"({"name":"go","description":"Go","command":["{build}/a"],"needs":["go"]})", true},
    {"manifest.json", R"({"name":"go","description":"Go","command":[],"needs":[]})", false},
    {"manifest.json", R"({"name":"go","description":"Go","command":["a"],"needs":[],"limits":{"open_files":4}})", false},
};

TEST(SchemaSet, builtin_holds_every_message) {
  const auto names = SchemaSet::builtin().names();
  for (const char* n : {"value.json", "start.json", "hello.json", "call.json", "reply.json", "drop.json", "stop.json",
                        "manifest.json"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

TEST(SchemaSet, examples) {
  for (const auto& e : kExamples) {
    const auto errors = SchemaSet::builtin().validate(e.schema, json::parse(e.doc));
    EXPECT_EQ(errors.empty(), e.valid) << e.schema << " " << e.doc << (errors.empty() ? "" : ": " + errors.front());
  }
}

TEST(SchemaSet, refuses_keywords_it_does_not_implement) {
  using Files = std::vector<std::pair<std::string, std::string>>;
  EXPECT_THROW(SchemaSet(Files{{"a.json", R"({"type":"object","patternProperties":{}})"}}), std::invalid_argument);
  EXPECT_THROW(SchemaSet(Files{{"a.json", R"({"$ref":"missing.json"})"}}), std::invalid_argument);
}

TEST(SchemaSet, errors_say_where) {
  const auto errors = SchemaSet::builtin().validate("call.json", json::parse(R"({"id":1,"cmd":"call","op":"x","args":[{"bytes":"zz"}]})"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("/args/0"), std::string::npos) << errors.front();
}

// The same examples through python3-jsonschema, the reference validator:
// the two must agree on every one, or the C++ interpretation has drifted.
TEST(SchemaSet, agrees_with_python_jsonschema) {
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") != 0) GTEST_SKIP() << "python3-jsonschema not installed";
  const auto dir = std::filesystem::temp_directory_path() / ("sockcheck-schema-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  json cases = json::array();
  for (const auto& e : kExamples) cases.push_back({{"schema", e.schema}, {"doc", json::parse(e.doc)}});
  std::ofstream(dir / "cases.json") << cases.dump();
  const std::string cmd = "python3 '" + std::string(SOCKCHECK_ADAPTER_TESTS_DIR) + "/schema_crosscheck.py' '" +
                          std::string(SOCKCHECK_REPO_ROOT) + "/schemas/adapter' '" + (dir / "cases.json").string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ASSERT_EQ(::pclose(p), 0) << out;
  std::filesystem::remove_all(dir);
  const json verdicts = json::parse(out);
  ASSERT_EQ(verdicts.size(), std::size(kExamples));
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    EXPECT_EQ(verdicts[i].get<bool>(), kExamples[i].valid) << "python-jsonschema disagrees on " << kExamples[i].schema
                                                           << " " << kExamples[i].doc;
  }
}

}  // namespace
}  // namespace sockcheck::adapter
