#include "iblrnn/io/run_files.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"

namespace iblrnn {
namespace {

std::string fmt(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Generative columns (always written) before the agent's.
constexpr std::size_t kNumGenerativeColumns = 8;

}  // namespace

std::vector<TrialColumn> trial_columns(const TrialTable& t) {
  std::vector<TrialColumn> c = {{"session", &t.session},     {"block", &t.block},
                                {"trial_in_block", &t.trial_in_block},
                                {"block_side", &t.block_side}, {"p_left", &t.p_left},
                                {"stim_side", &t.stim_side}, {"signal", &t.signal},
                                {"concordant", &t.concordant}};
  if (t.has_agent) {
    c.push_back({"choice", &t.choice});
    c.push_back({"correct", &t.correct});
    c.push_back({"n_obs", &t.n_obs});
  }
  return c;
}

void write_trials_csv(const std::string& dir, const TrialTable& t) {
  const std::vector<TrialColumn> columns = trial_columns(t);
  std::string out;
  out.reserve(t.size() * 48 + 128);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c) out += ',';
    out += columns[c].name;
  }
  out += '\n';
  for (std::size_t i = 0; i < t.size(); ++i) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) out += ',';
      std::visit(
          [&](const auto* v) {
            using T = typename std::decay_t<decltype(*v)>::value_type;
            if constexpr (std::is_same_v<T, double>) out += fmt((*v)[i]);
            else out += std::to_string(static_cast<int>((*v)[i]));
          },
          columns[c].values);
    }
    out += '\n';
  }
  write_text_file(dir + "/trials.csv", out);
}

TrialTable read_trials_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path, "cannot open for reading");
  std::string line;
  if (!std::getline(in, line)) throw InvalidInput(path + ":1: empty file, expected a header");
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  std::map<std::string, int> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = static_cast<int>(i);
  const std::vector<TrialColumn> generative = trial_columns(TrialTable{});
  for (std::size_t c = 0; c < kNumGenerativeColumns; ++c)
    if (!col.count(generative[c].name))
      throw InvalidInput(path + ":1: missing column " + std::string(generative[c].name));
  TrialTable t;
  t.has_agent = col.count("choice") && col.count("correct") && col.count("n_obs");
  std::size_t line_no = 1;
  std::vector<double> v(header.size());
  std::int32_t prev_session = -1, trial_in_session = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t pos = 0;
    for (std::size_t c = 0; c < header.size(); ++c) {
      const std::size_t end = c + 1 < header.size() ? line.find(',', pos) : line.size();
      if (end == std::string::npos)
        throw InvalidInput(path + ":" + std::to_string(line_no) + ": expected " +
                           std::to_string(header.size()) + " fields");
      const char* b = line.data() + pos;
      const char* e = line.data() + end;
      auto r = std::from_chars(b, e, v[c]);
      if (r.ec != std::errc() || r.ptr != e)
        throw InvalidInput(path + ":" + std::to_string(line_no) + ": column " + header[c] +
                           " is not a number: '" + std::string(b, e) + "'");
      pos = end + 1;
    }
    // Each column's valid range (docs/outputs.md); checked before any conversion to an integer.
    const auto where = [&] { return path + ":" + std::to_string(line_no); };
    const auto integer = [&](const char* name, double lo, double hi) {
      const double x = v[col[name]];
      if (!(x >= lo && x <= hi && x == std::floor(x))) {
        throw InvalidInput(where() + ": " + name + " must be an integer in [" + show_value(lo) + ", " +
                           show_value(hi) + "], got " + show_value(x));
      }
      return x;
    };
    const auto real = [&](const char* name, double lo, double hi) {
      const double x = v[col[name]];
      if (!(x >= lo && x <= hi)) {
        throw InvalidInput(where() + ": " + name + " must be in [" + show_value(lo) + ", " +
                           show_value(hi) + "], got " + show_value(x));
      }
      return x;
    };
    constexpr double kMaxIndex = 2147483647.0;
    const auto s = static_cast<std::int32_t>(integer("session", 0, kMaxIndex));
    trial_in_session = s == prev_session ? trial_in_session + 1 : 0;
    prev_session = s;
    t.session.push_back(s);
    t.block.push_back(static_cast<std::int32_t>(integer("block", 0, kMaxIndex)));
    t.trial_in_block.push_back(static_cast<std::int32_t>(integer("trial_in_block", 0, kMaxIndex)));
    t.trial_in_session.push_back(trial_in_session);
    t.block_side.push_back(static_cast<std::int8_t>(integer("block_side", -1, 1)));
    t.p_left.push_back(real("p_left", 0, 1));
    const double stim = integer("stim_side", -1, 1);
    if (stim == 0) throw InvalidInput(where() + ": stim_side must be -1 or +1, got 0");
    t.stim_side.push_back(static_cast<std::int8_t>(stim));
    t.signal.push_back(real("signal", 0, 1e300));
    t.concordant.push_back(static_cast<std::uint8_t>(integer("concordant", 0, 1)));
    if (t.has_agent) {
      t.choice.push_back(static_cast<std::int8_t>(integer("choice", -1, 1)));
      t.correct.push_back(static_cast<std::uint8_t>(integer("correct", 0, 1)));
      t.n_obs.push_back(static_cast<std::int32_t>(integer("n_obs", 0, kMaxIndex)));
    }
  }
  return t;
}

void write_alf_trials(const std::string& dir, const TrialTable& t) {
  const std::string alf = dir + "/alf";
  make_dirs(alf);
  const std::size_t n = t.size();
  std::vector<double> left(n), right(n), p_left(t.p_left), signal(t.signal);
  const double nan = std::nan("");
  std::vector<double> stim(n), block(n), tib(n), session(n);
  for (std::size_t i = 0; i < n; ++i) {
    left[i] = t.stim_side[i] < 0 ? t.signal[i] : nan;
    right[i] = t.stim_side[i] > 0 ? t.signal[i] : nan;
    stim[i] = t.stim_side[i];
    block[i] = t.block[i];
    tib[i] = t.trial_in_block[i];
    session[i] = t.session[i];
  }
  write_npy(alf + "/trials.contrastLeft.npy", left);
  write_npy(alf + "/trials.contrastRight.npy", right);
  write_npy(alf + "/trials.probabilityLeft.npy", p_left);
  write_npy(alf + "/trials._iblrnn_stimSide.npy", stim);
  write_npy(alf + "/trials._iblrnn_block.npy", block);
  write_npy(alf + "/trials._iblrnn_trialInBlock.npy", tib);
  write_npy(alf + "/trials._iblrnn_session.npy", session);
  if (t.has_agent) {
    std::vector<double> choice(n), feedback(n), n_obs(n);
    for (std::size_t i = 0; i < n; ++i) {
      choice[i] = -static_cast<double>(t.choice[i]);  // IBL: +1 = leftward (CCW) response
      feedback[i] = t.correct[i] ? 1.0 : -1.0;
      n_obs[i] = t.n_obs[i];
    }
    write_npy(alf + "/trials.choice.npy", choice);
    write_npy(alf + "/trials.feedbackType.npy", feedback);
    write_npy(alf + "/trials._iblrnn_nObs.npy", n_obs);
  }
}

void write_step_arrays(const std::string& dir, const RunRecord& run) {
  const auto& s = run.steps;
  const std::size_t n = s.size();
  write_npy(dir + "/inputs.npy", s.x, {n, 3});
  write_npy(dir + "/probs.npy", s.p, {n, 2});
  write_npy(dir + "/outcome.npy", s.outcome);
  write_npy(dir + "/step_trial.npy", s.trial);
  write_npy(dir + "/step_k.npy", s.k);
  write_npy(dir + "/trial_first_step.npy", run.trials.first_step);
  write_npy(dir + "/trial_n_steps.npy", run.trials.n_steps);
}

nlohmann::json run_summary(const RunRecord& run) {
  const TrialTable& t = run.trials;
  nlohmann::json j;
  j["n_trials"] = t.size();
  std::int64_t n_blocks = 0;
  for (std::size_t i = 0; i < t.size(); ++i) n_blocks += t.trial_in_block[i] == 0;
  j["n_blocks"] = n_blocks;
  j["n_sessions"] = run.n_sessions;
  j["seed"] = run.seed;
  if (!t.has_agent) return j;
  const RunMetrics m = compute_metrics(t, run.config);
  j["accuracy"] = m.accuracy;
  j["timeout_rate"] = m.timeout_rate;
  j["mean_n_obs"] = m.mean_n_obs;
  j["mean_outcome"] = m.mean_outcome;
  std::map<double, std::pair<double, double>> by_signal;  // signed signal -> (correct, n)
  double cc = 0, cn = 0, dc = 0, dn = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto& e = by_signal[t.stim_side[i] * t.signal[i]];
    e.first += t.correct[i];
    e.second += 1;
    if (t.block_side[i] == 0) continue;
    if (t.concordant[i]) cc += t.correct[i], cn += 1;
    else dc += t.correct[i], dn += 1;
  }
  nlohmann::json acc = nlohmann::json::object();
  for (const auto& [s, e] : by_signal) acc[fmt(s == 0 ? 0.0 : s)] = e.first / e.second;
  j["accuracy_by_signal"] = acc;
  j["accuracy_concordant"] = cn > 0 ? nlohmann::json(cc / cn) : nlohmann::json();
  j["accuracy_discordant"] = dn > 0 ? nlohmann::json(dc / dn) : nlohmann::json();
  return j;
}

void write_json(const std::string& path, const nlohmann::json& value) {
  write_text_file(path, value.dump(2) + "\n");
}

}  // namespace iblrnn
