// iblrnn report: write the self-contained HTML report of an output folder.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/report.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

void setup(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand(
      "report", "write report.html (figures and the reproduction table) for an output folder");
  sub->add_option("dir", options->dir, "output folder (a run folder or `iblrnn reproduce --out`)")
      ->required();
  sub->add_option("--out", options->out, "HTML file to write (default DIR/report.html)");
  sub->callback([options] {
    const ReportResult r = run_report(*options);
    std::string verdicts;
    for (const auto& [name, n] : r.verdicts)
      verdicts += (verdicts.empty() ? "" : ", ") + std::to_string(n) + " " + name;
    std::printf("wrote %s (%d figures, %d not available; table: %s)\n", r.path.c_str(),
                r.n_figures, r.n_missing, verdicts.c_str());
  });
}

const bool registered = register_command(80, setup);

}  // namespace
}  // namespace iblrnn::cli
