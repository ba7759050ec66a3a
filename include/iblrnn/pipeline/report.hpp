// pipeline::run_report: the `iblrnn report` job — build the self-contained report.html of an
// output folder (a run folder or the folder of `iblrnn reproduce`) and write it atomically.
#pragma once

#include <map>
#include <string>

namespace iblrnn::pipeline {

struct ReportOptions {
  std::string dir;  // output folder to report on
  std::string out;  // HTML file to write; empty = dir/report.html

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// What was written.
struct ReportResult {
  std::string path;                    // the HTML file
  int n_figures = 0;                   // figures rendered
  int n_missing = 0;                   // figures shown as "not available"
  std::map<std::string, int> verdicts; // verdict name → rows of the reproduction table
  std::size_t n_bytes = 0;             // size of the page
};

/// Builds and writes the report. Throws IoError if dir is not a folder or out cannot be written.
ReportResult run_report(const ReportOptions& options);

}  // namespace iblrnn::pipeline
