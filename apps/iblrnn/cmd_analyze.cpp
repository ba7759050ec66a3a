// iblrnn analyze: representation and dynamics of a trained network (docs/analysis.md).
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/analyze.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  AnalyzeOptions options;
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand(
      "analyze", "PCA, readouts, decoders, evidence velocities, flow fields, fixed points and "
                 "unit pools of a trained network's evaluation (writes RUN/analysis)");
  sub->add_option("RUN", f->options.run, "run folder of a trained network (with eval/)")
      ->required();
  add_config_flags(sub, f->sources);
  sub->add_option("--eval", f->options.eval_dir, "evaluation folder (default RUN/eval)");
  sub->add_option("--out", f->options.out, "output folder (default RUN/analysis)");
  sub->callback([f] {
    // Start from the run's own configuration unless --config names another file.
    if (f->sources.config_file.empty() && f->sources.preset.empty() &&
        std::filesystem::exists(f->options.run + "/config.toml"))
      f->sources.config_file = f->options.run + "/config.toml";
    f->options.config = resolve_config(f->sources);
    f->options.progress = terminal_progress();
    const auto summary = run_analyze(f->options);
    std::printf("%s\n", summary.dump(2).c_str());
  });
}

const bool registered = register_command(60, setup);

}  // namespace
}  // namespace iblrnn::cli
