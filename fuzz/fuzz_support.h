// fuzz_support.h: what every fuzz target in this folder shares: the input
// it is running, and a failure report that explains itself.
//
// A target records its input on entry (`InputScope`), so that a failed check
// anywhere below it can print the input without the check having to pass it
// along. A failure prints, on stderr and in this order:
//
//   ==sockcheck-fuzz== FAILED: <the failing expression or the disagreement>
//     at <path>/fuzz/<target>.cc:<line>
//     <label>: <value>              one line per implementation or detail
//     input (<n> bytes): <hex>
//     input text: "<C-escaped>"
//
// and then aborts, so libFuzzer saves the input as a crash artifact and the
// replay main exits with SIGABRT. scripts/fuzz-to-spec reads the lines
// starting "spec-" (see `Failure::spec_args` and `Failure::spec_outcome_*`)
// to turn the report into a YAML spec case; keep their format stable.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Marks a function that only checks results (an oracle, a comparison of two
// outputs) as not instrumented for coverage. Its branches say nothing about
// the code under test, while their coverage counters, comparison callbacks
// and extra features (each updated on every run by libFuzzer's entropic
// scheduler) cost more per run than the conversions themselves. Clang only:
// GCC builds have no coverage instrumentation to leave out.
//
// Oracles that follow the grammar (inet_pton4's split-at-dots oracle, say)
// stay instrumented on purpose: the SSE2 parsers decide without branching
// on the text, so the oracle's branches are much of what tells libFuzzer
// that an input reached a new corner of the grammar.
//
// noinline, because SanitizerCoverage runs after the inliner and follows
// the attributes of the function the code ends up in: a checker inlined
// into LLVMFuzzerTestOneInput was instrumented after all (perf showed
// inet_ntop spending a fifth of its time in the comparison callbacks of
// its own inlined checkers). A call costs far less than those callbacks.
#if defined(__clang__)
#define SOCKFUZZ_CHECKER __attribute__((no_sanitize("coverage"), noinline))
// The same, for the lambdas SOCKFUZZ_CHECK wraps its condition in (a lambda
// cannot be noinline usefully: `check_holds` below is the call boundary).
#define SOCKFUZZ_CHECKER_LAMBDA __attribute__((no_sanitize("coverage")))
#else
#define SOCKFUZZ_CHECKER
#define SOCKFUZZ_CHECKER_LAMBDA
#endif

// Marks a target's LLVMFuzzerTestOneInput as glue: it copies the input,
// calls the code under test (the reference's parsers and formatters, the C
// library) and compares, so its own branches repeat what the callees'
// coverage already tells libFuzzer, while each of its counters and
// comparison callbacks costs on every run (bare_glibc_inet_pton has almost
// none, which is most of the gap scripts/bench-fuzz measures). Only for
// targets whose code under test is compiled elsewhere: code inlined into a
// SOCKFUZZ_DRIVER function loses its instrumentation too, so header-only
// code under test (Boost.Asio, impl/inet/parser_variants.h) and generators
// keep instrumented drivers, and an oracle that should guide the fuzzer is
// marked SOCKFUZZ_ORACLE (kept out of line, so it keeps its own).
#if defined(__clang__)
#define SOCKFUZZ_DRIVER __attribute__((no_sanitize("coverage")))
#define SOCKFUZZ_ORACLE __attribute__((noinline))
#else
#define SOCKFUZZ_DRIVER
#define SOCKFUZZ_ORACLE
#endif

namespace sockfuzz {

// True when the two byte arrays are equal. A checker (see above), and not
// memcmp: libFuzzer intercepts memcmp to learn the compared bytes, which
// for two outputs is work with nothing to learn.
template <std::size_t N>
SOCKFUZZ_CHECKER inline bool same(const std::array<std::uint8_t, N>& a, const std::array<std::uint8_t, N>& b) noexcept {
  std::uint8_t difference = 0;
  for (std::size_t i = 0; i < N; ++i) difference = static_cast<std::uint8_t>(difference | (a[i] ^ b[i]));
  return difference == 0;
}

// True when the two texts are equal; a checker, as `same`.
SOCKFUZZ_CHECKER inline bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference = static_cast<unsigned char>(difference | (a[i] ^ b[i]));
  return difference == 0;
}

// The input of the LLVMFuzzerTestOneInput call in progress, or empty.
struct CurrentInput {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};
inline CurrentInput g_input;

// Sets the current input for the lifetime of the scope.
class InputScope {
 public:
  InputScope(const std::uint8_t* data, std::size_t size) noexcept { g_input = {data, size}; }
  ~InputScope() { g_input = {}; }
  InputScope(const InputScope&) = delete;
  InputScope& operator=(const InputScope&) = delete;
};

// A NUL-terminated copy of an input of at most N bytes, on the stack: the C
// functions under test take C strings, and a heap copy per run would cost
// more than the conversions do. The caller has checked size <= N.
template <std::size_t N>
class CText {
 public:
  CText(const std::uint8_t* data, std::size_t size) noexcept {
    for (std::size_t i = 0; i < size; ++i) buffer_[i] = static_cast<char>(data[i]);
    buffer_[size] = 0;
  }
  [[nodiscard]] const char* c_str() const noexcept { return buffer_; }

 private:
  char buffer_[N + 1];
};

// Reads from a FuzzedDataProvider, out of the coverage instrumentation
// (SOCKFUZZ_CHECKER). The provider's arithmetic is plumbing: which bytes it
// consumed says nothing about the code under test, while its branches and
// comparisons, inlined into a generator, cost counters, features and
// comparison callbacks on every run. The generator's own decisions (what it
// does with the choice) stay instrumented. Templates, so that this header
// does not need <fuzzer/FuzzedDataProvider.h>.
template <typename Provider>
SOCKFUZZ_CHECKER bool consume_bool(Provider& p) {
  return p.ConsumeBool();
}
template <typename T, typename Provider>
SOCKFUZZ_CHECKER T consume_in_range(Provider& p, T min, T max) {
  return p.template ConsumeIntegralInRange<T>(min, max);
}
template <typename Provider>
SOCKFUZZ_CHECKER std::size_t consume_data(Provider& p, void* out, std::size_t size) {
  return p.ConsumeData(out, size);
}

// A string built in a fixed buffer, for generators that must not allocate
// per run (a heap allocation under ASan costs more than a conversion).
// Appending past the capacity is a bug in the caller and aborts. Its
// methods are plumbing, uninstrumented like the provider reads above.
template <std::size_t N>
class FixedText {
 public:
  SOCKFUZZ_CHECKER void push(char c) noexcept {
    if (size_ == N) std::abort();
    buffer_[size_++] = c;
  }
  SOCKFUZZ_CHECKER void append(std::string_view text) noexcept {
    for (const char c : text) push(c);
  }
  // Writes `value` in `base` (2-16), lowercase or uppercase digits.
  SOCKFUZZ_CHECKER void append_number(std::uint32_t value, unsigned base, bool upper = false) noexcept {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[32];
    int n = 0;
    do {
      reversed[n++] = digits[value % base];
      value /= base;
    } while (value != 0);
    while (n > 0) push(reversed[--n]);
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::string_view view() const noexcept { return {buffer_, size_}; }
  // NUL-terminated (one spare byte is kept for it).
  [[nodiscard]] const char* c_str() noexcept {
    buffer_[size_] = 0;
    return buffer_;
  }

 private:
  char buffer_[N + 1];
  std::size_t size_ = 0;
};

// True when the input holds a NUL byte. Python refuses such a str before
// any conversion runs ("embedded null character", ValueError), and a C
// function would stop reading at it, so differential targets skip them.
inline bool has_nul(const std::uint8_t* data, std::size_t size) noexcept {
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) return true;
  }
  return false;
}

// Hex digits of `size` bytes, no separators (what `!bytes` in a spec case
// and `xxd -r -p` read back).
inline void print_hex(std::FILE* out, const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < size; ++i) std::fprintf(out, "%02x", p[i]);
}

// The bytes as a C string literal: printable ASCII as is, everything else
// (a NUL, a control character, a non-ASCII byte) as \xNN.
inline void print_escaped(std::FILE* out, const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  std::fputc('"', out);
  for (std::size_t i = 0; i < size; ++i) {
    const unsigned c = p[i];
    if (c == '"' || c == '\\') {
      std::fprintf(out, "\\%c", static_cast<char>(c));
    } else if (c >= 0x20 && c < 0x7f) {
      std::fputc(static_cast<int>(c), out);
    } else {
      std::fprintf(out, "\\x%02x", c);
    }
  }
  std::fputc('"', out);
}

// A failure report under construction. Every method prints at once (stderr
// is unbuffered), so even a report cut short by a second fault shows what
// was known; `fail` adds the input and aborts.
class Failure {
 public:
  Failure(const char* what, const char* file, int line) {
    std::fprintf(stderr, "\n==sockcheck-fuzz== FAILED: %s\n  at %s:%d\n", what, file, line);
  }

  // A labelled text value (the output of a formatter, the text a generator
  // built), printed C-escaped.
  Failure& text(const char* label, std::string_view value) {
    std::fprintf(stderr, "  %s: ", label);
    print_escaped(stderr, value.data(), value.size());
    std::fputc('\n', stderr);
    return *this;
  }

  // A labelled parse result: "accepted <hex>" or "rejected".
  Failure& parsed(const char* label, bool accepted, const void* bytes, std::size_t size) {
    std::fprintf(stderr, "  %s: ", label);
    if (accepted) {
      std::fputs("accepted ", stderr);
      print_hex(stderr, bytes, size);
    } else {
      std::fputs("rejected", stderr);
    }
    std::fputc('\n', stderr);
    return *this;
  }

  // A labelled byte string, in hex.
  Failure& bytes(const char* label, const void* data, std::size_t size) {
    std::fprintf(stderr, "  %s: ", label);
    print_hex(stderr, data, size);
    std::fputc('\n', stderr);
    return *this;
  }

  // The Python call the finding is about, for scripts/fuzz-to-spec:
  // "spec-args: <op> <family or -> <argument hex>". The argument is the
  // text (for inet_aton and inet_pton) or the packed bytes (inet_ntop).
  Failure& spec_args(const char* op, const char* family, const void* arg, std::size_t size) {
    std::fprintf(stderr, "  spec-args: %s %s ", op, family);
    print_hex(stderr, arg, size);
    std::fputc('\n', stderr);
    return *this;
  }

  // One implementation's outcome of that call, for scripts/fuzz-to-spec:
  // "spec-outcome: <label> value-bytes <hex>", "... value-text <hex>" or
  // "... raises". Labels: "reference" (a parser without dialects) or
  // "reference-posix" / "reference-glibc" (a dialect); the real
  // implementations are "glibc", "asio" and "libuv".
  Failure& spec_outcome_bytes(const char* label, bool accepted, const void* bytes, std::size_t size) {
    std::fprintf(stderr, "  spec-outcome: %s ", label);
    if (accepted) {
      std::fputs("value-bytes ", stderr);
      print_hex(stderr, bytes, size);
    } else {
      std::fputs("raises", stderr);
    }
    std::fputc('\n', stderr);
    return *this;
  }
  Failure& spec_outcome_text(const char* label, std::string_view text) {
    std::fprintf(stderr, "  spec-outcome: %s value-text ", label);
    print_hex(stderr, text.data(), text.size());
    std::fputc('\n', stderr);
    return *this;
  }

  [[noreturn]] void fail() {
    std::fprintf(stderr, "  input (%zu bytes): ", g_input.size);
    print_hex(stderr, g_input.data, g_input.size);
    std::fputs("\n  input text: ", stderr);
    print_escaped(stderr, g_input.data, g_input.size);
    std::fputs("\n", stderr);
    std::abort();
  }
};

}  // namespace sockfuzz

namespace sockfuzz {

// Evaluates a check's condition out of the coverage instrumentation: the
// `&&` chains and comparisons of a condition are checking, not code under
// test, and instrumented they cost a comparison callback and a counter each
// per run (the functions the condition calls, the reference's parsers say,
// keep their own instrumentation). A checker, so not inlined into the
// instrumented target.
template <typename Condition>
SOCKFUZZ_CHECKER bool check_holds(const Condition& condition) {
  return condition();
}

}  // namespace sockfuzz

// Checks an invariant; on failure prints the expression, the place and the
// current input, and aborts. For details beyond the input, build a
// sockfuzz::Failure by hand. The condition is evaluated by check_holds (a
// lambda capturing by reference; clang 14 cannot capture structured
// bindings, so copy those into plain variables first).
#define SOCKFUZZ_CHECK(expr)                                                                       \
  do {                                                                                             \
    if (!sockfuzz::check_holds([&]() SOCKFUZZ_CHECKER_LAMBDA { return static_cast<bool>(expr); })) \
      sockfuzz::Failure(#expr, __FILE__, __LINE__).fail();                                         \
  } while (0)

// As SOCKFUZZ_CHECK, with extra report lines: `detail` is a chain of
// Failure methods applied to the report before it aborts (only then
// evaluated), e.g.
//   SOCKFUZZ_CHECK_WITH(a == b, .text("formatted", t).parsed(...));
#define SOCKFUZZ_CHECK_WITH(expr, detail)                                                          \
  do {                                                                                             \
    if (!sockfuzz::check_holds([&]() SOCKFUZZ_CHECKER_LAMBDA { return static_cast<bool>(expr); })) \
      sockfuzz::Failure(#expr, __FILE__, __LINE__) detail.fail();                                  \
  } while (0)
