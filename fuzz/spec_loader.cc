// spec_loader: the YAML spec loader (harness/spec/loader: load_spec_text,
// the same path load_spec takes for each file it reads, without touching
// the spec folder). Input: the text of one spec file, named "fuzz.yaml".
//
// Invariants, for every text t:
//
//  1. load_spec_text(t) returns a Spec or throws SpecError; no other
//     exception escapes it (a std::out_of_range from a number conversion, a
//     yaml-cpp exception the loader did not catch), and it does not crash.
//  2. A SpecError carries at least one message, and every message names
//     where it is: "fuzz.yaml:<line>:<column>: <text>" with line and column
//     at least 1 (loader.h: "an error naming file:line:column"), and a
//     nonempty text.
//  3. A returned Spec holds exactly the file it was given, and its cases
//     and statements are sorted by id, with no id twice (duplicates are
//     errors) and no empty id; each records where it came from (this file,
//     line and column at least 1) and each case's version range is not
//     empty.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "harness/spec/loader.h"

namespace {

// A few cases' worth of YAML: the spec's own cases are 300-700 bytes each,
// and the loader's work grows with the text, not with its oddities.
constexpr std::size_t kMaxLen = 4096;

constexpr std::string_view kName = "fuzz.yaml";

// "fuzz.yaml:<digits>:<digits>: <text>", line and column >= 1.
SOCKFUZZ_CHECKER bool located(std::string_view m) {
  if (m.substr(0, kName.size()) != kName) return false;
  m.remove_prefix(kName.size());
  for (int field = 0; field < 2; ++field) {
    if (m.empty() || m[0] != ':') return false;
    m.remove_prefix(1);
    std::size_t n = 0;
    std::uint64_t value = 0;
    while (n < m.size() && n < 10 && m[n] >= '0' && m[n] <= '9') value = value * 10 + static_cast<unsigned>(m[n++] - '0');
    if (n == 0 || value == 0) return false;
    m.remove_prefix(n);
  }
  return m.size() > 2 && m[0] == ':' && m[1] == ' ';
}

SOCKFUZZ_CHECKER bool here(const sockcheck::SourceLocation& where) {
  return where.file == kName && where.line >= 1 && where.column >= 1;
}

template <typename Items>
SOCKFUZZ_CHECKER bool sorted_unique_ids(const Items& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].id.empty() || !here(items[i].where)) return false;
    if (i > 0 && !(items[i - 1].id < items[i].id)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs are not interesting (see kMaxLen); skip, don't fail.
  if (size > kMaxLen) return 0;
  const sockfuzz::InputScope scope(data, size);
  const std::string text(reinterpret_cast<const char*>(data), size);

  sockcheck::Spec spec;
  try {
    spec = sockcheck::load_spec_text(text, std::string(kName));
  } catch (const sockcheck::SpecError& e) {
    // 2
    SOCKFUZZ_CHECK(!e.messages().empty());
    for (const auto& m : e.messages()) SOCKFUZZ_CHECK_WITH(located(m), .text("message", m));
    return 0;
  } catch (const std::exception& e) {
    // 1
    sockfuzz::Failure("an exception other than SpecError escaped load_spec_text", __FILE__, __LINE__)
        .text("what", e.what())
        .fail();
  } catch (...) {
    sockfuzz::Failure("a non-std exception escaped load_spec_text", __FILE__, __LINE__).fail();
  }

  // 3
  SOCKFUZZ_CHECK(spec.files.size() == 1 && spec.files[0] == kName);
  SOCKFUZZ_CHECK(sorted_unique_ids(spec.cases));
  SOCKFUZZ_CHECK(sorted_unique_ids(spec.statements));
  for (const auto& c : spec.cases) {
    SOCKFUZZ_CHECK_WITH(c.versions.first <= c.versions.last, .text("case", c.id));
  }
  return 0;
}
