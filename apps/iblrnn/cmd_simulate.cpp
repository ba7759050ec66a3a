// iblrnn simulate: generate sessions (optionally played by a training-free agent).
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "iblrnn/pipeline/simulate.hpp"

using namespace iblrnn::io;
using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

struct Flags {
  ConfigSources sources;
  SimulateOptions options;
  std::string record = "trials";
};

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand("simulate", "generate task sessions; optionally play an agent");
  add_config_flags(sub, f->sources);
  add_alf_flags(sub, f->sources);
  add_field_flags(sub, f->sources, {"--blocks"});
  sub->add_option("--agent", f->options.agent, "none | oracle | random")->capture_default_str();
  add_session_run_flags(sub, f->options, f->record);
  sub->callback([f] {
    f->options.config = resolve_config(f->sources);
    f->options.record = parse_record_level("simulate", f->record);
    f->options.progress = terminal_progress();
    const auto summary = run_simulate(f->options);
    std::printf("%s\n", summary.dump(2).c_str());
  });
}

const bool registered = register_command(10, setup);

}  // namespace
}  // namespace iblrnn::cli
