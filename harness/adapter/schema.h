// schema.h: the JSON Schemas of schemas/adapter/, compiled into the
// library, and a validator for the subset of JSON Schema 2020-12 they use.
//
// Debian packages no C++ JSON Schema validator, and the protocol's schemas
// must be the single statement of the message shapes, so this interprets
// the schema files themselves rather than restating them in code. It
// implements exactly the keywords the files use (type, const, enum,
// properties, required, additionalProperties, items, minItems, maxItems,
// uniqueItems, minimum, maximum, minLength, maxLength, pattern, oneOf,
// anyOf, allOf, not, $ref within and across the files, $defs) and refuses
// to load a schema that uses any other keyword, so that a schema author
// can never believe a constraint is checked when it is not. One deliberate
// difference: a string longer than 4096 bytes fails a `pattern` instead of
// being matched (std::regex recurses per character).
// tests/schema_test.cc checks it against python3-jsonschema when that is
// installed.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sockcheck::adapter {

class SchemaSet {
 public:
  // The schemas compiled in from schemas/adapter/*.json.
  [[nodiscard]] static const SchemaSet& builtin();

  // From (file name, JSON text) pairs. Throws std::invalid_argument on a
  // schema that does not parse or uses an unsupported keyword.
  explicit SchemaSet(const std::vector<std::pair<std::string, std::string>>& files);
  ~SchemaSet();
  SchemaSet(SchemaSet&&) noexcept;

  // Every way `doc` breaks schema file `name` ("reply.json"), each as
  // "<json pointer>: <what>"; empty when it is valid.
  [[nodiscard]] std::vector<std::string> validate(std::string_view name, const nlohmann::json& doc) const;

  [[nodiscard]] std::vector<std::string> names() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockcheck::adapter
