// iblrnn config: print the fully resolved configuration as TOML.
#include <cstdio>
#include <memory>

#include "cli.hpp"

using namespace iblrnn::pipeline;

namespace iblrnn::cli {
namespace {

void setup(CLI::App& app) {
  auto sources = std::make_shared<ConfigSources>();
  auto* sub = app.add_subcommand("config", "print the resolved configuration as TOML");
  add_config_flags(sub, *sources);
  sub->callback([sources] {
    StudyConfig config = resolve_config(*sources);
    std::fputs(to_toml(config).c_str(), stdout);
  });
}

const bool registered = register_command(90, setup);

}  // namespace
}  // namespace iblrnn::cli
