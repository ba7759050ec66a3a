// Shared pieces of the iblrnn command line: subcommand registration, the configuration
// flags (--preset, --config, --set), and a terminal progress bar.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::cli {

/// A subcommand's set-up: adds itself (flags and callback) to the top-level app.
using Setup = void (*)(CLI::App& app);

/// Registers a subcommand; `order` sorts `iblrnn --help`. Returns true (for static init).
bool register_command(int order, Setup setup);

/// Calls every registered set-up in order.
void setup_commands(CLI::App& app);

/// Adds --preset, --config and --set (repeatable) bound to `sources`.
void add_config_flags(CLI::App* sub, ConfigSources& sources);

/// --alf-layout and --step-duration, shorthands for --set alf.layout / alf.step_duration.
void add_alf_flags(CLI::App* sub, ConfigSources& sources);

/// A progress callback drawing a bar with ETA on stderr when it is a terminal (else silent).
ProgressFn terminal_progress();

}  // namespace iblrnn::cli
