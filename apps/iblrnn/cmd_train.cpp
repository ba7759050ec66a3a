// iblrnn train: train a network on closed-loop sessions (docs/train.md).
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/pipeline/train.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  TrainOptions options;
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand("train", "train a recurrent network on the task (closed loop, BPTT)");
  add_config_flags(sub, f->sources);
  add_field_flags(sub, f->sources, {"--arch", "--hidden", "--steps", "--seed"});
  sub->add_option("--out", f->options.out, "run folder")->required();
  sub->add_flag("--resume", f->options.resume,
                "continue the run in --out from its checkpoint (config from its config.toml)");
  sub->add_option("--stop-after", f->options.stop_after,
                  "stop with a checkpoint once this many steps are done (continue with --resume)");
  sub->add_option("--checkpoint-seconds", f->options.checkpoint_seconds,
                  "also checkpoint after this much wall time (0 = by train.checkpoint_every only)")
      ->capture_default_str();
  sub->callback([f, sub] {
    const char* config_flags[] = {"--preset", "--config", "--set", "--arch", "--hidden", "--steps", "--seed"};
    if (f->options.resume) {
      for (const char* flag : config_flags) {
        if (sub->count(flag) > 0) {
          throw InvalidInput(std::string("train: ") + flag +
                             " cannot be combined with --resume (the run's config.toml is used)");
        }
      }
    } else {
      f->options.config = resolve_config(f->sources);
    }
    f->options.progress = terminal_progress();
    const auto summary = run_train(f->options);
    std::printf("%s\n", summary.dump(2).c_str());
  });
}

const bool registered = register_command(30, setup);

}  // namespace
}  // namespace iblrnn::cli
