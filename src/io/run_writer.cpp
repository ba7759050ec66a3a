#include "iblrnn/io/run_writer.hpp"

#include <algorithm>
#include <optional>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/alf_trials.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::io {

RecordLevel parse_record_level(const std::string& where, const std::string& text) {
  if (text == "trials") return RecordLevel::trials;
  if (text == "steps") return RecordLevel::steps;
  throw InvalidInput(where + ": record must be trials or steps, got \"" + text + "\"");
}

struct RunWriter::Files {
  std::FILE* csv = nullptr;
  std::optional<AlfTrialsStream> alf;
  std::optional<NpyStream<double>> inputs, probs, outcome;
  std::optional<NpyStream<std::int32_t>> step_trial, trial_n_steps;
  std::optional<NpyStream<std::int8_t>> step_k;
  std::optional<NpyStream<std::int64_t>> trial_first_step;
  ~Files() {
    if (csv) std::fclose(csv);
  }
};

RunWriter::RunWriter(const std::string& dir, bool has_agent, RecordLevel level,
                     const AlfConfig& alf)
    : dir_(dir), has_agent_(has_agent), level_(level), files_(std::make_unique<Files>()) {
  Files& f = *files_;
  f.csv = std::fopen((dir + "/trials.csv").c_str(), "wb");
  if (!f.csv) throw IoError(dir + "/trials.csv", "cannot open for writing");
  const std::string header = trials_csv_header(has_agent);
  if (std::fwrite(header.data(), 1, header.size(), f.csv) != header.size())
    throw IoError(dir + "/trials.csv", "write failed");
  f.alf.emplace(dir, has_agent, alf);
  if (level == RecordLevel::steps && has_agent) {
    f.inputs.emplace(dir + "/inputs.npy", std::vector<std::size_t>{3});
    f.probs.emplace(dir + "/probs.npy", std::vector<std::size_t>{2});
    f.outcome.emplace(dir + "/outcome.npy");
    f.step_trial.emplace(dir + "/step_trial.npy");
    f.step_k.emplace(dir + "/step_k.npy");
    f.trial_first_step.emplace(dir + "/trial_first_step.npy");
    f.trial_n_steps.emplace(dir + "/trial_n_steps.npy");
  }
}

RunWriter::~RunWriter() = default;

void RunWriter::append(const RunRecord& chunk) {
  const TrialTable& t = chunk.trials;
  check_internal(t.size() == 0 || t.has_agent == has_agent_, "RunWriter: agent columns differ");
  Files& f = *files_;
  std::string rows;
  append_trials_csv_rows(rows, t, n_sessions_);
  if (std::fwrite(rows.data(), 1, rows.size(), f.csv) != rows.size())
    throw IoError(dir_ + "/trials.csv", "write failed");
  f.alf->append(chunk);
  if (f.inputs) {
    const StepTable& s = chunk.steps;
    const std::size_t n = s.size();
    std::int64_t chunk_steps = 0;
    for (auto k : t.n_steps) chunk_steps += k;
    require(static_cast<std::int64_t>(n) == chunk_steps, "RunWriter", "steps",
            "must be recorded for every trial of the chunk", n);
    f.inputs->append(s.x.data(), n);
    f.probs->append(s.p.data(), n);
    f.outcome->append(s.outcome.data(), n);
    std::vector<std::int32_t> trial(s.trial);
    for (auto& v : trial) v += static_cast<std::int32_t>(n_trials_);
    f.step_trial->append(trial.data(), n);
    f.step_k->append(s.k.data(), n);
    std::vector<std::int64_t> first(t.first_step);
    for (auto& v : first) v += n_steps_;
    f.trial_first_step->append(first.data(), first.size());
    f.trial_n_steps->append(t.n_steps.data(), t.n_steps.size());
  }
  tally_.add(t, chunk.config);
  n_sessions_ += chunk.n_sessions;
  n_trials_ += static_cast<std::int64_t>(t.size());
  if (has_agent_) {
    for (auto k : t.n_steps) n_steps_ += k;
  }
}

void RunWriter::close() {
  Files& f = *files_;
  if (f.csv) {
    const bool ok = std::fclose(f.csv) == 0;
    f.csv = nullptr;
    if (!ok) throw IoError(dir_ + "/trials.csv", "write failed");
  }
  f.alf->close();
  if (f.inputs) {
    f.inputs->close();
    f.probs->close();
    f.outcome->close();
    f.step_trial->close();
    f.step_k->close();
    f.trial_first_step->close();
    f.trial_n_steps->close();
  }
}

}  // namespace iblrnn::io
