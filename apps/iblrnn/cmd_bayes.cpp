// iblrnn bayes: play a Bayesian agent (actor, actor_commit, reward_optimal) in closed loop.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/bayes.hpp"

using namespace iblrnn::io;
using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  BayesRunOptions options;
  std::string record = "trials";
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand("bayes", "play a Bayesian agent (exact inference) through sessions");
  add_config_flags(sub, f->sources);
  add_alf_flags(sub, f->sources);
  sub->add_option("--agent", f->options.agent, "actor | actor_commit | reward_optimal")
      ->capture_default_str();
  add_field_flags(sub, f->sources, {"--filter", "--blocks"});
  add_session_run_flags(sub, f->options, f->record);
  sub->callback([f] {
    f->options.config = resolve_config(f->sources);
    f->options.record = parse_record_level("bayes", f->record);
    f->options.progress = terminal_progress();
    const auto summary = run_bayes(f->options);
    std::printf("%s\n", summary.dump(2).c_str());
  });
}

const bool registered = register_command(20, setup);

}  // namespace
}  // namespace iblrnn::cli
