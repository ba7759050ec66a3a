// Shared pieces of the iblrnn command line: subcommand registration, the configuration
// flags (--preset, --config, --set), and a terminal progress bar.
#pragma once

#include <initializer_list>

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
void add_config_flags(CLI::App* sub, pipeline::ConfigSources& sources);

/// Adds shortcut flags (from the table in cli.cpp), each an alias of one config field:
/// e.g. {"--seed"} adds `--seed N`, which appends "train.seed=N" to sources.sets after every
/// --set (the flag wins). Throws std::logic_error for a flag not in the table.
void add_field_flags(CLI::App* sub, pipeline::ConfigSources& sources, std::initializer_list<const char*> flags);

/// --alf-layout and --step-duration, shorthands for --set alf.layout / alf.step_duration.
void add_alf_flags(CLI::App* sub, pipeline::ConfigSources& sources);

/// The flags of a command that plays task sessions into a run folder (simulate, bayes):
/// --sessions, --seed, --record (into `record`, read by parse_record_level), --threads, --out.
template <class RunOptions>
void add_session_run_flags(CLI::App* sub, RunOptions& options, std::string& record) {
  sub->add_option("--sessions", options.n_sessions, "number of sessions")->capture_default_str();
  sub->add_option("--seed", options.seed, "run seed")->capture_default_str();
  sub->add_option("--record", record, "trials | steps (also the per-step arrays)")
      ->capture_default_str();
  sub->add_option("--threads", options.n_threads, "threads (outputs do not depend on it)")
      ->capture_default_str();
  sub->add_option("--out", options.out, "output run folder")->required();
}

/// A progress callback drawing a bar with ETA on stderr when it is a terminal (else silent).
core::ProgressFn terminal_progress();

}  // namespace iblrnn::cli
