#include "iblrnn/io/run_files.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::io {
namespace {

const char* kGenerativeColumns[] = {"session", "block", "trial_in_block", "block_side",
                                    "p_left", "stim_side", "signal", "concordant"};
// The agent's response side is named response_side (−1 left, +1 right, 0 timeout), never
// "choice", so that it cannot be confused with ALF's choice (+1 = leftward). Files written
// before the rename call it choice, with the same sign; the reader accepts both.
const char* kAgentColumns[] = {"response_side", "correct", "n_obs"};
const char* kLegacyResponseColumn = "choice";

std::string fmt(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

std::vector<TrialColumn> trial_columns(const TrialTable& t) {
  const auto& g = kGenerativeColumns;
  std::vector<TrialColumn> c = {{g[0], &t.session},    {g[1], &t.block},  {g[2], &t.trial_in_block},
                                {g[3], &t.block_side}, {g[4], &t.p_left}, {g[5], &t.stim_side},
                                {g[6], &t.signal},     {g[7], &t.concordant}};
  if (t.has_agent) {
    c.push_back({kAgentColumns[0], &t.choice});
    c.push_back({kAgentColumns[1], &t.correct});
    c.push_back({kAgentColumns[2], &t.n_obs});
  }
  return c;
}

std::string trials_csv_header(bool has_agent) {
  std::string out;
  for (std::size_t c = 0; c < std::size(kGenerativeColumns); ++c) {
    if (c) out += ',';
    out += kGenerativeColumns[c];
  }
  if (has_agent)
    for (const char* c : kAgentColumns) (out += ',') += c;
  return out + '\n';
}

void append_trials_csv_rows(std::string& out, const TrialTable& t, std::int32_t session_offset) {
  out.reserve(out.size() + t.size() * 48);
  for (std::size_t i = 0; i < t.size(); ++i) {
    out += std::to_string(t.session[i] + session_offset) + ',' + std::to_string(t.block[i]) + ',' +
           std::to_string(t.trial_in_block[i]) + ',' + std::to_string(t.block_side[i]) + ',' +
           fmt(t.p_left[i]) + ',' + std::to_string(t.stim_side[i]) + ',' + fmt(t.signal[i]) +
           ',' + std::to_string(t.concordant[i]);
    if (t.has_agent) {
      out += ',' + std::to_string(t.choice[i]) + ',' + std::to_string(t.correct[i]) + ',' +
             std::to_string(t.n_obs[i]);
    }
    out += '\n';
  }
}

void write_trials_csv(const std::string& dir, const TrialTable& t) {
  std::string out = trials_csv_header(t.has_agent);
  append_trials_csv_rows(out, t, 0);
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
  for (const char* c : kGenerativeColumns)
    if (!col.count(c)) throw InvalidInput(path + ":1: missing column " + std::string(c));
  TrialTable t;
  if (!col.count(kAgentColumns[0]) && col.count(kLegacyResponseColumn))
    col[kAgentColumns[0]] = col[kLegacyResponseColumn];
  t.has_agent = col.count(kAgentColumns[0]) && col.count("correct") && col.count("n_obs");
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
      t.choice.push_back(static_cast<std::int8_t>(integer(kAgentColumns[0], -1, 1)));
      t.correct.push_back(static_cast<std::uint8_t>(integer("correct", 0, 1)));
      t.n_obs.push_back(static_cast<std::int32_t>(integer("n_obs", 0, kMaxIndex)));
    }
  }
  return t;
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

nlohmann::json run_summary(const RunTally& tally, int n_sessions, std::uint64_t seed) {
  nlohmann::json j;
  j["n_trials"] = tally.n_trials;
  j["n_blocks"] = tally.n_blocks;
  j["n_sessions"] = n_sessions;
  j["seed"] = seed;
  if (!tally.has_agent) return j;
  const RunMetrics m = tally.metrics();
  j["accuracy"] = m.accuracy;
  j["timeout_rate"] = m.timeout_rate;
  j["mean_n_obs"] = m.mean_n_obs;
  j["mean_outcome"] = m.mean_outcome;
  nlohmann::json acc = nlohmann::json::object();
  for (const auto& [s, e] : tally.by_signal) acc[fmt(s == 0 ? 0.0 : s)] = e.first / e.second;
  j["accuracy_by_signal"] = acc;
  const auto ratio = [](double c, double n) { return n > 0 ? nlohmann::json(c / n) : nlohmann::json(); };
  j["accuracy_concordant"] = ratio(tally.concordant_correct, tally.concordant_n);
  j["accuracy_discordant"] = ratio(tally.discordant_correct, tally.discordant_n);
  return j;
}

nlohmann::json run_summary(const RunRecord& run) {
  RunTally tally;
  tally.add(run.trials, run.config);
  return run_summary(tally, run.n_sessions, run.seed);
}

void write_json(const std::string& path, const nlohmann::json& value) {
  write_text_file(path, value.dump(2) + "\n");
}

}  // namespace iblrnn::io
