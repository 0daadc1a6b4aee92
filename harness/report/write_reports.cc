#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "harness/report/reports.h"

namespace sockcheck {

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error(tmp + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(path.string() + ": cannot write: " + ec.message());
  }
}

void write_reports(const std::filesystem::path& dir, const RunContext& run) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create: " + ec.message());
  // dump(-1, ' ', false, replace): adapter output may hold invalid UTF-8,
  // which must not abort the report.
  write_file_atomically(dir / "results.json",
                        results_json(run).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  write_file_atomically(dir / "junit.xml", junit_xml(run));
  write_file_atomically(dir / "summary.md", summary_markdown(run));
}

}  // namespace sockcheck
