# cmake -DOUT=<file.cc> -DDIR=<schemas/adapter> -P embed_schemas.cmake
# Writes a C++ file that holds the schema files' text, so that
# `sockcheck adapter-check` needs no source tree at run time.
file(GLOB files "${DIR}/*.json")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" text)
  string(APPEND body "      {\"${name}\", R\"sockcheck_schema(${text})sockcheck_schema\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from schemas/adapter/*.json by embed_schemas.cmake; do not edit.
#include <string>
#include <utility>
#include <vector>

namespace sockcheck::adapter {

const std::vector<std::pair<std::string, std::string>>& embedded_schema_files();

const std::vector<std::pair<std::string, std::string>>& embedded_schema_files() {
  static const std::vector<std::pair<std::string, std::string>> files = {
${body}  };
  return files;
}

}  // namespace sockcheck::adapter
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
