// iblrnn distill: RADD, conventional distillation and a 2-unit task-trained network compared
// with their teacher (SPEC §6; docs/distill.md).
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/distill.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  DistillOptions options;
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand(
      "distill", "distill a trained network to 2-unit models (RADD, conventional, task-trained)");
  add_config_flags(sub, f->sources);
  sub->add_option("RUN", f->options.run, "run folder of a trained network")->required();
  sub->add_option("--out", f->options.out, "output folder (default RUN/distill)");
  sub->callback([f] {
    f->options.config = resolve_config(f->sources);
    f->options.progress = terminal_progress();
    const auto summary = run_distill(f->options);
    nlohmann::json brief = {
        {"radd",
         {{"A", summary["radd"]["A"]},
          {"B", summary["radd"]["B"]},
          {"r2", summary["radd"]["r2"]},
          {"fit_seconds", summary["radd"]["fit_seconds"]},
          {"gain", summary["radd"]["gain"]}}},
        {"accuracy", summary["accuracy"]},
        {"keeps_teacher_portrait", summary["portraits"]["keeps_teacher_portrait"]}};
    if (summary.contains("conventional")) brief["conventional"] = summary["conventional"];
    std::printf("%s\n", brief.dump(2).c_str());
  });
}

const bool registered = register_command(70, setup);

}  // namespace
}  // namespace iblrnn::cli
