// bench/bare/bare.cc: the plain pipelined JSON-lines loop in C++ that
// bench/adapter-throughput measures the C++ adapters (ref, boost-asio)
// against: each line through nlohmann::json::parse (the library of
// adapters/common/jsonl_loop.hpp), a dumped reply of the protocol's shape
// with the request's id, one write per read, no socket work.
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

static void write_all(const std::string& s) {
  for (std::size_t done = 0; done < s.size();) {
    const ssize_t n = ::write(1, s.data() + done, s.size() - done);
    if (n <= 0) std::exit(0);
    done += static_cast<std::size_t>(n);
  }
}

int main() {
  using nlohmann::json;
  const json hello = {{"protocol", 1},
                      {"implementation", {{"name", "bare"}, {"version", "0"}, {"language", "bare"}}},
                      {"profile", "3.12"},
                      {"ops", {"htons", "inet_aton", "inet_pton"}},
                      {"families", {"AF_INET"}}};
  std::string in, out;
  bool started = false;
  static char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(0, chunk, sizeof chunk);
    if (n <= 0) return 0;
    in.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (auto nl = in.find('\n'); nl != std::string::npos; nl = in.find('\n', start)) {
      const json req = json::parse(std::string_view(in.data() + start, nl - start));
      start = nl + 1;
      if (!started) {
        out += hello.dump();
        started = true;
      } else if (req["cmd"] == "stop") {
        write_all(out);
        return 0;
      } else {
        out += json{{"id", req["id"]}, {"value", {{"bytes", "7f000001"}}}}.dump();
      }
      out += '\n';
    }
    in.erase(0, start);
    write_all(out);
    out.clear();
  }
}
