// iblrnn eval: a trained network plays the evaluation session (docs/train.md, "Evaluation").
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/evaluate.hpp"

using namespace iblrnn::io;
using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

void setup(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  auto record = std::make_shared<std::string>("steps");
  auto* sub = app.add_subcommand("eval", "evaluate a trained network on a long session");
  sub->add_option("run", o->run, "training run folder")->required();
  sub->add_option("--blocks", o->eval.eval_blocks, "blocks of the evaluation session")->capture_default_str();
  sub->add_option("--seed", o->eval.eval_seed, "evaluation seed (disjoint from training sessions)")
      ->capture_default_str();
  sub->add_option("--out", o->out, "output folder (default RUN/eval)");
  sub->add_flag("!--no-bayes", o->bayes, "skip the Bayesian actor and observer");
  sub->add_option("--record", *record,
                  "steps (per-step arrays and hidden states, needed by analyze and distill) | "
                  "trials (accuracy and trial files only)")
      ->capture_default_str();
  sub->callback([o, record] {
    o->record = parse_record_level("eval", *record);
    o->progress = terminal_progress();
    const auto summary = run_evaluate(*o);
    nlohmann::json brief = {{"accuracy", summary.value("accuracy", 0.0)},
                            {"timeout_rate", summary.value("timeout_rate", 0.0)},
                            {"mean_n_obs", summary.value("mean_n_obs", 0.0)},
                            {"n_trials", summary.value("n_trials", 0)}};
    if (summary.contains("actor_accuracy")) {
      brief["actor_accuracy"] = summary["actor_accuracy"];
      brief["observer_accuracy"] = summary["observer_accuracy"];
    }
    std::printf("%s\n", brief.dump(2).c_str());
  });
}

const bool registered = register_command(31, setup);

}  // namespace
}  // namespace iblrnn::cli
