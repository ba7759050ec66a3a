// iblrnn behavior: behavioural curves of agents' runs and mice, side by side.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/behavior.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  BehaviorOptions options;
  bool endtrain = false;
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand(
      "behavior",
      "behavioural curves (psychometric, chronometric, accuracy by block position, ...) of "
      "run folders, mouse CSV files/folders and ALF trials folders, side by side");
  add_config_flags(sub, f->sources);
  sub->add_option("inputs", f->options.inputs,
                  "run folder (trials.csv), mouse CSV file or folder, or ALF trials folder")
      ->required();
  // One value per --label, so labels and inputs may be interleaved on the command line.
  sub->add_option("--label", f->options.labels, "name of each input, in order (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_flag("--endtrain", f->endtrain,
                "mouse folders: also read <mouse>_endtrain.csv (sets behavior.include_endtrain)");
  add_field_flags(sub, f->sources, {"--fit"});
  sub->add_option("--mouse-reference", f->options.reference,
                  "append the pooled curves of a reference folder of behaviour outputs (the "
                  "mice of data/mice-may2020) as a further input");
  sub->add_option("--out", f->options.out, "output folder")->required();
  sub->callback([f, sub] {
    if (f->endtrain) f->sources.sets.push_back("behavior.include_endtrain=true");
    f->options.config = resolve_config(f->sources).behavior;
    f->options.progress = terminal_progress();
    const auto summary = run_behavior(f->options);
    std::printf("%s\n", summary.dump(2).c_str());
  });
}

const bool registered = register_command(40, setup);

}  // namespace
}  // namespace iblrnn::cli
