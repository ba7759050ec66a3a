// iblrnn bayes: play a Bayesian agent (actor, actor_commit, reward_optimal) in closed loop.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/bayes.hpp"

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
  sub->add_option("--sessions", f->options.n_sessions, "number of sessions")->capture_default_str();
  sub->add_option("--seed", f->options.seed, "run seed")->capture_default_str();
  sub->add_option("--record", f->record, "trials | steps (also the per-step arrays)")
      ->capture_default_str();
  sub->add_option("--threads", f->options.n_threads, "threads (outputs do not depend on it)")
      ->capture_default_str();
  sub->add_option("--out", f->options.out, "output run folder")->required();
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
