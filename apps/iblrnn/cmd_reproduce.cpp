// iblrnn reproduce: the whole study in one command (the README's main job).
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/sweep/reproduce.hpp"

using namespace iblrnn::pipeline;
using namespace iblrnn::sweep;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  ReproduceOptions options;
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand(
      "reproduce", "train, evaluate, compare with Bayes and mice, analyse, distill, report");
  add_config_flags(sub, f->sources);
  sub->add_option("--out", f->options.out, "output folder")->capture_default_str();
  sub->add_option("--mouse-data", f->options.mouse_data,
                  "IBL mouse data: 8-column CSV file or folder, or ALF trials folder");
  sub->add_option("--seeds", f->options.n_seeds, "networks to train, seeds train.seed, train.seed + 1, … (--quick: 1)")
      ->capture_default_str();
  sub->add_option("--jobs", f->options.jobs, "seeds run at once (0: the number of cores)")->capture_default_str();
  add_field_flags(sub, f->sources, {"--eval-blocks"});
  sub->add_flag("--quick", f->options.quick,
                "tiny configuration for smoke tests (well under a minute); --set and --eval-blocks still apply");
  sub->callback([f, sub] {
    if (f->options.quick && sub->count("--seeds") == 0) f->options.n_seeds = 1;
    // The paper's training protocol unless --preset (or --quick, which keeps the fast path).
    if (!f->options.quick && f->sources.preset.empty()) f->sources.preset = kReproducePreset;
    f->options.config = resolve_config(f->options.quick ? quick_sources(f->sources) : f->sources);
    f->options.progress = terminal_progress();
    f->options.log = [](const std::string& line) { std::fprintf(stderr, "reproduce: %s\n", line.c_str()); };
    const auto summary = run_reproduce(f->options);
    std::printf("report: %s/report.html\n", f->options.out.c_str());
    if (summary.contains("table")) {
      for (const auto& row : summary["table"]) {
        std::printf("  %-45s paper %-28s ours %-28s %s\n", row.value("quantity", "").c_str(),
                    row.value("paper", "").c_str(), row.value("ours", "").c_str(),
                    row.value("verdict", "").c_str());
      }
    }
  });
}

const bool registered = register_command(5, setup);

}  // namespace
}  // namespace iblrnn::cli
