// jsonl_loop.hpp: the protocol loop of the C++ adapters (ref, boost-asio),
// over nlohmann::json (a dependency sockcheck already has; well kept, and
// exact about the JSON the protocol allows).
//
// An adapter gives its hello and a function from (op, args) to an outcome
// object ({"value": V} | {"raises": C, "message": M} | {"unsupported": why});
// this runs start/call/drop/stop, catches the function's exceptions as
// "errored", and writes each read's answers in one go.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace sockcheck_adapter {

using Handler = std::function<nlohmann::json(const std::string& op, const nlohmann::json& args)>;
// Releases the objects named by a drop request (adapters with handles).
using Dropper = std::function<void(const std::string& handle)>;

inline void write_all(const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(1, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) std::exit(0);  // the harness went away
    done += static_cast<std::size_t>(n);
  }
}

inline int serve(const nlohmann::json& hello, const Handler& handler, const Dropper& dropper = {}) {
  using nlohmann::json;
  std::string in, out;
  bool started = false;
  char chunk[65536];
  for (;;) {
    std::size_t start = 0;
    for (auto nl = in.find('\n'); nl != std::string::npos; nl = in.find('\n', start)) {
      const std::string_view line(in.data() + start, nl - start);
      start = nl + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      const json req = json::parse(line, nullptr, false);
      if (req.is_discarded() || !req.is_object()) {
        out += R"({"id":null,"errored":"request is not a JSON object"})" "\n";
        continue;
      }
      const std::string cmd = req.value("cmd", "");
      if (!started) {
        if (cmd != "start" || req.value("protocol", 0) != 1) {
          std::cerr << "sockcheck adapter: expected start with protocol 1\n";
          return 2;
        }
        started = true;
        out += hello.dump() + "\n";
        continue;
      }
      if (cmd == "stop") {
        write_all(out);
        return 0;
      }
      const auto id = req.find("id");
      if (id == req.end() || !id->is_number_unsigned()) {
        out += R"({"id":null,"errored":"request without an integer id"})" "\n";
        continue;
      }
      json reply;
      if (cmd == "call" && req.contains("op") && req["op"].is_string() && req.contains("args") && req["args"].is_array()) {
        try {
          reply = handler(req["op"].get<std::string>(), req["args"]);
        } catch (const std::exception& e) {
          reply = {{"errored", std::string("adapter exception: ") + e.what()}};
        }
      } else if (cmd == "drop") {
        if (dropper && req.contains("handles") && req["handles"].is_array()) {
          for (const auto& h : req["handles"]) {
            if (h.is_string()) dropper(h.get<std::string>());
          }
        }
        reply = {{"value", nullptr}};
      } else {
        reply = {{"errored", "bad request: " + cmd}};
      }
      reply["id"] = *id;
      out += reply.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    in.erase(0, start);
    write_all(out);  // answers of this read, in one write
    out.clear();
    const ssize_t n = ::read(0, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;  // end of input: as if stopped
    in.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace sockcheck_adapter
