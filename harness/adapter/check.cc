#include "check.h"

#include <poll.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "harness/adapter/process.h"
#include "harness/adapter/protocol.h"
#include "harness/adapter/schema.h"

namespace sockcheck::adapter {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kTimeout{5000};
constexpr std::size_t kMaxLine = std::size_t{1} << 20;
constexpr int kBurst = 1000;

// Writes `data` while collecting lines, until `want` lines arrived, the
// output ended, or nothing arrived for kTimeout.
struct Exchange {
  std::vector<std::string> lines;
  bool eof = false;
  bool timed_out = false;
  bool overlong = false;
  bool input_closed = false;
};

Exchange exchange(Process& proc, std::string& buf, const std::string& data, std::size_t want) {
  Exchange ex;
  std::size_t written = 0;
  auto last = Clock::now();
  while (ex.lines.size() < want) {
    const auto left = std::chrono::duration_cast<milliseconds>(last + kTimeout - Clock::now()).count();
    if (left <= 0) {
      ex.timed_out = true;
      break;
    }
    const bool want_write = !ex.input_closed && written < data.size();
    struct pollfd fds[3] = {{proc.stdout_fd(), POLLIN, 0}, {proc.stderr_fd(), POLLIN, 0},
                            {want_write ? proc.stdin_fd() : -1, POLLOUT, 0}};
    if (::poll(fds, 3, static_cast<int>(left)) <= 0) continue;
    if (fds[1].revents != 0) proc.drain_stderr();
    if (fds[2].revents != 0) {
      const long n = proc.write_some(data.data() + written, data.size() - written);
      if (n < 0) ex.input_closed = true;
      else written += static_cast<std::size_t>(n);
    }
    if (fds[0].revents != 0) {
      long n;
      while ((n = proc.read_stdout(buf, 65536)) > 0) {
      }
      for (auto nl = buf.find('\n'); nl != std::string::npos && ex.lines.size() < want; nl = buf.find('\n')) {
        ex.lines.push_back(buf.substr(0, nl));
        buf.erase(0, nl + 1);
        last = Clock::now();
      }
      if (buf.size() > kMaxLine) {
        ex.overlong = true;
        break;
      }
      if (n == 0 && ex.lines.size() < want) {
        ex.eof = true;
        break;
      }
    }
  }
  return ex;
}

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}
  void ok(const std::string& what) {
    ++passed_;
    out_ << "ok    " << what << "\n";
  }
  void fail(const std::string& what) {
    ++failed_;
    out_ << "FAIL  " << what << "\n";
  }
  void check(bool good, const std::string& what, const std::string& why = {}) {
    if (good) ok(what);
    else fail(what + (why.empty() ? "" : ": " + why));
  }
  void note(const std::string& what) { out_ << "note  " << what << "\n"; }
  [[nodiscard]] int failed() const { return failed_; }
  [[nodiscard]] int passed() const { return passed_; }

 private:
  std::ostream& out_;
  int passed_ = 0, failed_ = 0;
};

struct Probe {
  std::string op;
  json args;
  std::string purpose;
};

// Typical arguments for the operations the spec names today, and a socket
// to exercise handles. Other listed operations are not called: with made-up
// arguments some would touch the network (getfqdn, gethostbyname).
std::vector<Probe> probes_for(const std::vector<std::string>& ops, std::size_t& unprobed) {
  const json af4 = {{"const", "AF_INET"}}, af6 = {{"const", "AF_INET6"}};
  const std::map<std::string, std::vector<json>> typical = {
      {"inet_aton", {json::array({"127.0.0.1"}), json::array({"1.2.3.4.5"})}},
      {"inet_ntoa", {json::array({{{"bytes", "7f000001"}}}), json::array({{{"bytes", "7f"}}})}},
      {"inet_pton", {json::array({af4, "127.0.0.1"}), json::array({af6, "::1"}), json::array({af4, "nonsense"})}},
      {"inet_ntop",
       {json::array({af4, {{"bytes", "7f000001"}}}), json::array({af6, {{"bytes", "00000000000000000000000000000001"}}})}},
      {"htons", {json::array({1}), json::array({65536})}},
      {"ntohs", {json::array({1})}},
      {"htonl", {json::array({1}), json::array({{{"int", "18446744073709551616"}}})}},
      {"ntohl", {json::array({1})}},
      {"socket", {json::array({af4, {{"const", "SOCK_DGRAM"}}})}},
  };
  std::vector<Probe> out;
  unprobed = 0;
  for (const auto& op : ops) {
    if (const auto it = typical.find(op); it != typical.end()) {
      for (const auto& args : it->second) out.push_back({op, args, "typical arguments"});
    } else {
      ++unprobed;
    }
  }
  return out;
}

void collect_handles(const json& v, std::vector<std::string>& out) {
  if (v.is_array()) {
    for (const auto& e : v) collect_handles(e, out);
  } else if (v.is_object() && v.size() == 1 && v.contains("handle") && v["handle"].is_string()) {
    out.push_back(v["handle"].get<std::string>());
  }
}

}  // namespace

int run_adapter_check(std::vector<std::string> argv, std::ostream& out) {
  const SchemaSet& schemas = SchemaSet::builtin();
  Report report(out);
  std::unique_ptr<Process> proc;
  try {
    proc = std::make_unique<Process>(argv, "", Limits{}, 4096);
  } catch (const std::exception& e) {
    out << "FAIL  start: " << e.what() << "\n";
    return 2;
  }
  std::string buf;
  auto stderr_note = [&] {
    proc->drain_stderr_until_eof(milliseconds(200));
    const auto tail = proc->stderr_tail();
    if (!tail.empty()) report.note("adapter stderr: " + tail);
  };
  auto finish = [&]() {
    if (report.failed() == 0) out << "adapter-check: all " << report.passed() << " checks passed\n";
    else out << "adapter-check: " << report.failed() << " of " << report.passed() + report.failed() << " checks failed\n";
    return report.failed() == 0 ? 0 : 1;
  };

  // --- handshake -------------------------------------------------------
  const Exchange hs = exchange(*proc, buf, encode_start("sockcheck adapter-check", std::nullopt), 1);
  if (hs.lines.empty()) {
    proc->kill_now();
    report.fail(std::string("handshake: no answer to start (") +
                (hs.timed_out ? "nothing within 5 s" : hs.overlong ? "an endless line" : "the output ended") + "; " +
                proc->exit_description() + ")");
    stderr_note();
    return finish();
  }
  const json hello_json = json::parse(hs.lines[0], nullptr, false);
  Hello hello;
  std::string error;
  if (hello_json.is_discarded()) {
    report.fail("handshake: the answer to start is not JSON: " + printable(hs.lines[0]));
  } else {
    const auto problems = schemas.validate("hello.json", hello_json);
    report.check(problems.empty(), "handshake: the answer to start follows hello.json",
                 problems.empty() ? "" : problems.front() + (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
  }
  if (!decode_hello(hs.lines[0], hello, error)) {
    report.fail("handshake: " + error);
    proc->kill_now();
    stderr_note();
    return finish();
  }
  report.note("implementation " + hello.name + " " + hello.version + " (" + hello.language + "), profile " +
              std::string(sock::name(hello.profile)) + ", " + std::to_string(hello.ops.size()) + " operation(s)");
  report.check(!hello.ops.empty(), "handshake: lists at least one operation");

  // --- probes, pipelined --------------------------------------------------
  std::size_t unprobed = 0;
  std::vector<Probe> probes = probes_for(hello.ops, unprobed);
  if (unprobed > 0) report.note(std::to_string(unprobed) + " listed operation(s) have no probe and were not called");
  const std::string unlisted = "sockcheck_no_such_operation";
  probes.push_back({unlisted, json::array(), "an operation the adapter does not list"});
  if (hello.supports("inet_pton")) {
    probes.push_back({"inet_pton", json::array({{{"const", "AF_SOCKCHECK_NO_SUCH"}}, "1.2.3.4"}), "an unknown constant"});
  }
  std::string data;
  std::map<std::uint64_t, std::size_t> sent;  // id -> probe index
  std::uint64_t id = 1;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    json req = {{"id", id}, {"cmd", "call"}, {"op", probes[i].op}, {"args", probes[i].args}};
    if (i == 0) req["x-sockcheck-extra"] = "adapters ignore keys they do not know";
    data += req.dump() + "\n";
    sent[id++] = i;
  }
  const Exchange ex = exchange(*proc, buf, data, probes.size());
  std::set<std::uint64_t> seen;
  std::vector<std::string> handles;
  int schema_failures = 0;
  for (const auto& line : ex.lines) {
    const json reply = json::parse(line, nullptr, false);
    if (reply.is_discarded()) {
      report.fail("reply is not JSON: " + printable(line));
      continue;
    }
    if (const auto problems = schemas.validate("reply.json", reply); !problems.empty()) {
      ++schema_failures;
      report.fail("reply does not follow reply.json: " + problems.front() + "; line: " + printable(line));
      continue;
    }
    const auto rid = reply["id"].is_number() ? reply["id"].get<std::uint64_t>() : 0;
    const auto it = sent.find(rid);
    if (it == sent.end()) {
      report.fail("reply to id " + reply["id"].dump() + ", which was never sent");
      continue;
    }
    if (!seen.insert(rid).second) {
      report.fail("id " + std::to_string(rid) + " answered twice");
      continue;
    }
    const Probe& p = probes[it->second];
    const std::string what = p.op + "(" + p.args.dump() + ") [" + p.purpose + "]";
    if (reply.contains("errored")) {
      report.fail(what + ": the adapter errored: " + reply["errored"].get<std::string>());
    } else if (p.op == unlisted) {
      report.check(reply.contains("unsupported"), "an operation the adapter does not list is answered 'unsupported'",
                   "got " + printable(line));
    } else if (p.purpose == "an unknown constant") {
      report.check(!reply.contains("value"), "an unknown constant is answered 'unsupported' or raises",
                   "got " + printable(line));
    } else {
      std::vector<std::string> new_handles;
      if (reply.contains("value")) collect_handles(reply["value"], new_handles);
      if (new_handles.empty()) {
        // Also what the harness's own decoder makes of it (it has no handle values yet).
        Reply decoded;
        const auto status = decode_reply(line, decoded, error);
        report.check(status == ReplyStatus::ok, what + " -> " + printable(line, 120), error);
      } else {
        report.ok(what + " -> " + printable(line, 120));
        handles.insert(handles.end(), new_handles.begin(), new_handles.end());
      }
    }
  }
  if (schema_failures == 0 && ex.lines.size() == probes.size()) report.ok("every probe reply follows reply.json");
  if (seen.size() < probes.size()) {
    std::string missing;
    for (const auto& [rid, index] : sent) {
      if (seen.count(rid) == 0) missing += " " + std::to_string(rid) + " (" + probes[index].op + ")";
    }
    report.fail("ids never answered:" + missing + (ex.timed_out ? " (no reply for 5 s)" : "") +
                (ex.eof ? " (the output ended; " + proc->exit_description() + ")" : "") +
                (ex.overlong ? " (a line longer than 1 MiB)" : ""));
    proc->kill_now();
    stderr_note();
    return finish();
  }

  // --- handles are released by drop -------------------------------------
  if (!handles.empty()) {
    const json drop = {{"id", id}, {"cmd", "drop"}, {"handles", handles}};
    const Exchange dx = exchange(*proc, buf, drop.dump() + "\n", 1);
    const json r = dx.lines.empty() ? json() : json::parse(dx.lines[0], nullptr, false);
    report.check(!dx.lines.empty() && r.is_object() && r.value("id", json()) == json(id) && r.contains("value") &&
                     r["value"].is_null(),
                 "drop of " + std::to_string(handles.size()) + " handle(s) answers {\"id\":" + std::to_string(id) +
                     ",\"value\":null}",
                 dx.lines.empty() ? "no answer" : printable(dx.lines[0]));
    ++id;
  }

  // --- a burst, to check pipelining and measure ---------------------------
  {
    // Any probe but a socket's (a thousand sockets would only test RLIMIT_NOFILE).
    const auto pick = std::find_if(probes.begin(), probes.end(), [](const Probe& q) { return q.op != "socket"; });
    const Probe& p = pick != probes.end() ? *pick : probes.front();
    std::string burst;
    const std::uint64_t first = id;
    for (int i = 0; i < kBurst; ++i) {
      burst += json({{"id", id++}, {"cmd", "call"}, {"op", p.op}, {"args", p.args}}).dump() + "\n";
    }
    const auto t0 = Clock::now();
    const Exchange bx = exchange(*proc, buf, burst, kBurst);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::set<std::uint64_t> ids;
    bool all_valid = true;
    for (const auto& line : bx.lines) {
      const json r = json::parse(line, nullptr, false);
      if (r.is_discarded() || !schemas.validate("reply.json", r).empty() || !r["id"].is_number_unsigned()) {
        all_valid = false;
        continue;
      }
      ids.insert(r["id"].get<std::uint64_t>());
    }
    const bool complete = ids.size() == static_cast<std::size_t>(kBurst) && *ids.begin() == first &&
                          *ids.rbegin() == first + kBurst - 1;
    report.check(complete && all_valid,
                 std::to_string(kBurst) + " pipelined calls are each answered once with a valid reply",
                 std::to_string(ids.size()) + " distinct ids answered" + (all_valid ? "" : ", some replies invalid"));
    if (complete) report.note("burst: " + std::to_string(static_cast<long>(kBurst / seconds)) + " calls/s");
  }

  // --- stop ---------------------------------------------------------------
  const std::string stop = encode_stop();
  (void)proc->write_some(stop.data(), stop.size());
  const std::string how = proc->stop(milliseconds(2000));
  report.check(proc->exited() && WIFEXITED(proc->exit_status()) && WEXITSTATUS(proc->exit_status()) == 0,
               "exits with status 0 after stop", how);
  {
    std::string rest;
    long n;
    while ((n = proc->read_stdout(rest, 65536)) > 0) {
    }
    report.check(rest.empty(), "writes nothing after stop", printable(rest));
  }

  // --- end of input without stop -------------------------------------------
  try {
    Process second(argv, "", Limits{}, 4096);
    std::string buf2;
    const Exchange h2 = exchange(second, buf2, encode_start("sockcheck adapter-check", std::nullopt), 1);
    second.close_stdin();
    const auto deadline = Clock::now() + milliseconds(2000);
    while (!second.reap() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(2));
    report.check(!h2.lines.empty() && second.exited(), "exits when its standard input ends", second.exit_description());
  } catch (const std::exception& e) {
    report.fail(std::string("second start: ") + e.what());
  }
  return finish();
}

}  // namespace sockcheck::adapter
