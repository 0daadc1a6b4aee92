// bare_glibc_inet_pton: a throughput baseline, not a test. It calls the C
// library's inet_pton(AF_INET6) and nothing else, so scripts/bench-fuzz can
// set every conversion target's exec/s beside the cost of libFuzzer itself
// plus one libc conversion, measured in the same run.
//
// Invariant: none; it checks nothing, and a crash here would be glibc's.
// Input: the text, as is, under the same length limit and NUL-terminated
// stack copy as the text targets.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

namespace {

// As the text targets; fuzz/bare_glibc_inet_pton.options.
constexpr std::size_t kMaxLen = 64;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Oversized inputs: skipped exactly as the text targets skip them.
  if (size > kMaxLen) return 0;
  const sockfuzz::CText<kMaxLen> c_text(data, size);
  unsigned char out[16];
  // The result is deliberately unused beyond keeping the call alive.
  volatile int result = inet_pton(AF_INET6, c_text.c_str(), out);
  (void)result;
  return 0;
}
