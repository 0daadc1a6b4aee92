// replay_main.cc: a main() for fuzz targets built without libFuzzer.
//
// It runs LLVMFuzzerTestOneInput once over every file named on the command
// line, and over every regular file under every directory named there (in
// sorted order, recursively), after LLVMFuzzerInitialize if the target
// defines one. So a plain g++ build replays the committed corpora and
// regression inputs as a CTest test, and a crash file from a clang campaign
// reproduces with either build: `build/fuzz-gcc/fuzz/<target> crash-file`.
//
// Arguments starting with '-' are libFuzzer flags (-runs=0, -max_len=...);
// they are accepted and ignored so that one command line serves both
// builds. A path that does not exist is an error: a misspelt corpus folder
// must not turn the replay into a test of nothing.
//
// With SOCKFUZZ_REPLAY_TIMES=N in the environment it then runs the inputs
// N more times, five times over, from memory and without the per-input
// lines, and prints the least CPU time per input: the target's own work,
// which scripts/bench-fuzz sets beside the exec/s it measures under
// libFuzzer.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Weak: most targets do not define it, and then its address is null.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Runs one input from an exactly-sized heap copy, so that a sanitizer build
// catches a read one byte past the end, as libFuzzer's own copy would.
void run_one(const std::vector<std::uint8_t>& bytes) {
  const auto copy = std::make_unique<std::uint8_t[]>(bytes.size() + (bytes.empty() ? 1 : 0));
  std::copy(bytes.begin(), bytes.end(), copy.get());
  LLVMFuzzerTestOneInput(copy.get(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);

  std::vector<fs::path> files;
  int paths = 0;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;  // a libFuzzer flag (see above)
    ++paths;
    const fs::path path(argv[i]);
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      std::fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
      return 2;
    }
    if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file()) found.push_back(entry.path());
      }
      if (ec) {
        std::fprintf(stderr, "replay: %s: %s\n", argv[i], ec.message().c_str());
        return 2;
      }
      // Sorted, so that two runs replay in the same order and a failure
      // that depends on an earlier input reproduces.
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  if (paths == 0) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR... (runs LLVMFuzzerTestOneInput on each input)\n", argv[0]);
    return 2;
  }

  std::vector<std::vector<std::uint8_t>> inputs(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!read_file(files[i], inputs[i])) {
      std::fprintf(stderr, "replay: %s: %s\n", files[i].c_str(), std::strerror(errno));
      return 2;
    }
    // Named before it runs: if the target aborts, the last line says which
    // input did it.
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", files[i].c_str(), inputs[i].size());
    run_one(inputs[i]);
  }
  std::fprintf(stderr, "replay: ran %zu inputs from %d paths\n", files.size(), paths);

  const char* times_text = std::getenv("SOCKFUZZ_REPLAY_TIMES");
  const long times = times_text != nullptr ? std::strtol(times_text, nullptr, 10) : 0;
  if (times > 0 && !inputs.empty()) {
    // Process CPU time, best of five blocks of `times` runs each: the least
    // disturbed by whatever else the machine runs. run_one's heap copy is
    // part of every run, as libFuzzer copies each input too.
    double best = 0;
    for (int block = 0; block < 5; ++block) {
      const std::clock_t start = std::clock();
      for (long round = 0; round < times; ++round) {
        for (const auto& input : inputs) run_one(input);
      }
      const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
      const double per_input = seconds * 1e9 / (static_cast<double>(times) * static_cast<double>(inputs.size()));
      if (block == 0 || per_input < best) best = per_input;
    }
    std::fprintf(stderr, "replay: %.1f ns per input (best of 5 blocks of %ld runs of %zu inputs)\n", best, times,
                 inputs.size());
  }
  return 0;
}
