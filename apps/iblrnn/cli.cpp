#include "cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <variant>
#include <utility>
#include <vector>

using namespace iblrnn::core;
using namespace iblrnn::pipeline;

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

namespace {

// Every shortcut flag of the CLI, each an alias of one config field: `--seed 3` is
// `--set train.seed=3`. Its help is the field's own; its value is read once, by the field's
// type, and a bad value is refused naming the flag.
struct FieldFlag {
  const char* flag;
  const char* field;
};
constexpr FieldFlag kFieldFlags[] = {
    {"--arch", "network.arch"},        {"--hidden", "network.n_hidden"},
    {"--steps", "train.n_steps"},      {"--seed", "train.seed"},
    {"--blocks", "task.n_blocks"},     {"--filter", "bayes.filter"},
    {"--fit", "behavior.fit"},         {"--alf-layout", "alf.layout"},
    {"--step-duration", "alf.step_duration"}, {"--eval-blocks", "eval.eval_blocks"},
};

}  // namespace

void add_field_flags(CLI::App* sub, ConfigSources& sources, std::initializer_list<const char*> flags) {
  for (const char* flag : flags) {
    const auto* it = std::find_if(std::begin(kFieldFlags), std::end(kFieldFlags),
                                  [&](const FieldFlag& f) { return std::string(f.flag) == flag; });
    if (it == std::end(kFieldFlags)) throw std::logic_error(std::string("no field flag ") + flag);
    const std::string field = it->field;
    StudyConfig defaults;
    const FieldRef ref = find_field(defaults, field, flag);
    const std::string help = ref.help;
    const std::string type_name = std::visit(
        Overloaded{[](const ChoiceRef& choice) {
                     std::string names;
                     for (const std::string& n : choice.names) names += (names.empty() ? "" : "|") + n;
                     return "{" + names + "}";
                   },
                   [](auto* p) -> std::string {
                     using T = std::remove_pointer_t<decltype(p)>;
                     if constexpr (std::is_same_v<T, double>) return "FLOAT";
                     else if constexpr (std::is_same_v<T, bool>) return "BOOL";
                     else if constexpr (std::is_same_v<T, std::string>) return "TEXT";
                     else if constexpr (std::is_integral_v<T>) return "INT";
                     else return "LIST";
                   }},
        ref.ptr);
    sub->add_option_function<std::string>(
        flag,
        [&sources, field, flag = std::string(flag)](const std::string& value) {
          StudyConfig scratch;  // the value read by the field's own type, the error naming the flag
          assign_from_string(find_field(scratch, field, flag), value, flag);
          sources.sets.push_back(field + "=" + value);
        },
        help + " (sets " + field + ")")
        ->type_name(type_name);
  }
}

void add_alf_flags(CLI::App* sub, ConfigSources& sources) {
  add_field_flags(sub, sources, {"--alf-layout", "--step-duration"});
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
