#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

namespace iblrnn::cli {
namespace {
std::vector<std::pair<int, Setup>>& registry() {
  static std::vector<std::pair<int, Setup>> r;
  return r;
}
}  // namespace

bool register_command(int order, Setup setup) {
  registry().emplace_back(order, setup);
  return true;
}

void setup_commands(CLI::App& app) {
  auto r = registry();
  std::stable_sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (auto& [order, setup] : r) setup(app);
}

void add_config_flags(CLI::App* sub, ConfigSources& sources) {
  sub->add_option("--preset", sources.preset,
                  "preset: paper2020 (default task), iblrig (rig task), fast / paper2020 / "
                  "two_unit (training; two_unit: a 2-unit network)");
  sub->add_option("--config", sources.config_file, "TOML config file (as written by `iblrnn config`)");
  sub->add_option("--set", sources.sets, "override one field: field=value or section.field=value")
      ->allow_extra_args(false)
      ->take_last();
  // --set is repeatable: collect every occurrence.
  sub->get_option("--set")->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_alf_flags(CLI::App* sub, ConfigSources& sources) {
  sub->add_option_function<std::string>(
      "--alf-layout", [&sources](const std::string& v) { sources.sets.push_back("alf.layout=" + v); },
      "ALF trials folder: flat (<out>/alf) or session (<out>/Subjects/<subject>/<date>/001/alf; "
      "sets alf.layout)");
  sub->add_option_function<std::string>(
      "--step-duration",
      [&sources](const std::string& v) { sources.sets.push_back("alf.step_duration=" + v); },
      "seconds per task step in the ALF timing attributes (sets alf.step_duration; default 0.1)");
}

ProgressFn terminal_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  struct State {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last{};
    std::string stage;
  };
  auto state = std::make_shared<State>();
  return [state](const std::string& stage, std::int64_t done, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (stage != state->stage) {
      state->stage = stage;
      state->start = now;
    }
    const bool finished = total > 0 && done >= total;
    if (!finished && now - state->last < std::chrono::milliseconds(100)) return;
    state->last = now;
    const double f = total > 0 ? std::min(1.0, double(done) / double(total)) : 0.0;
    const double elapsed = std::chrono::duration<double>(now - state->start).count();
    const double eta = f > 0 ? elapsed * (1 - f) / f : 0.0;
    const int width = 30, filled = static_cast<int>(f * width);
    std::fprintf(stderr, "\r%-10s [%s%s] %5.1f%%  %6.1fs elapsed  ETA %6.1fs ", stage.c_str(),
                 std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                 100 * f, elapsed, eta);
    if (finished) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

}  // namespace iblrnn::cli
