// loader.h: reads spec files into a Spec, strictly.
//
// Every key the loader does not know, every value of the wrong shape, every
// unknown error class, profile or statement id and every duplicate id is an
// error naming file:line:column: a typo in a case must not silently turn it
// into a weaker case. All errors of a load are collected, so a spec author
// sees every problem at once.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace sockcheck {

class SpecError : public std::runtime_error {
 public:
  explicit SpecError(std::vector<std::string> messages);
  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

// Loads every *.yaml / *.yml file under each path (files or folders,
// recursively, in sorted order). Throws SpecError.
[[nodiscard]] Spec load_spec(const std::vector<std::filesystem::path>& paths);

// Loads one document from text, for tests and fuzzing; `name` is used in
// error locations. Throws SpecError.
[[nodiscard]] Spec load_spec_text(const std::string& text, const std::string& name);

// Parses one value in spec syntax ("!bytes 7f000001", "[1, 'a']",
// "!const AF_INET"); used by `sockcheck call`. Throws SpecError.
[[nodiscard]] sock::Value parse_value_text(const std::string& text);

}  // namespace sockcheck
