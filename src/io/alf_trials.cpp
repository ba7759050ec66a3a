#include "iblrnn/io/alf_trials.hpp"

#include <algorithm>
#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/npy_stream.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::io {
namespace {

// The attributes in file order; the first kGenerative exist without an agent.
constexpr std::size_t kGenerative = 8;
const char* const kAttributes[] = {
    "contrastLeft",   "contrastRight",  "probabilityLeft",   "_iblrnn_signal",
    "_iblrnn_stimSide", "_iblrnn_block", "_iblrnn_trialInBlock", "_iblrnn_session",
    "choice",         "feedbackType",   "intervals",         "stimOn_times",
    "goCue_times",    "response_times", "feedback_times",    "_iblrnn_nObs"};

// The float64 1-D columns of `a` in kAttributes order (nullptr for int64 / 2-D ones).
std::vector<const std::vector<double>*> real_columns(const AlfTrialColumns& a) {
  return {&a.contrast_left, &a.contrast_right, &a.probability_left, &a.signal, &a.stim_side,
          &a.block,         &a.trial_in_block, &a.session,          nullptr,   nullptr,
          nullptr,          &a.stim_on_times,  &a.stim_on_times,    &a.response_times,
          &a.response_times, &a.n_obs};
}

}  // namespace

double alf_contrast(const TaskConfig& task, double signal) {
  double top = 1.0;
  for (double s : task.signals) top = std::max(top, s);
  return signal / top;
}

std::vector<std::string> alf_attribute_names(bool has_agent) {
  const std::size_t n = has_agent ? std::size(kAttributes) : kGenerative;
  return std::vector<std::string>(kAttributes, kAttributes + n);
}

AlfTrialColumns alf_trial_columns(const TrialTable& t, const TaskConfig& task, const AlfConfig& alf,
                                  std::int32_t session_offset, std::int64_t step_offset) {
  alf.validate();
  const std::size_t n = t.size();
  const double nan = std::nan("");
  AlfTrialColumns a;
  a.has_agent = t.has_agent;
  for (std::size_t i = 0; i < n; ++i) {
    const double c = alf_contrast(task, t.signal[i]);
    a.contrast_left.push_back(t.stim_side[i] < 0 ? c : nan);
    a.contrast_right.push_back(t.stim_side[i] > 0 ? c : nan);
    a.probability_left.push_back(t.p_left[i]);
    a.signal.push_back(t.signal[i]);
    a.stim_side.push_back(t.stim_side[i]);
    a.block.push_back(t.block[i]);
    a.trial_in_block.push_back(t.trial_in_block[i]);
    a.session.push_back(t.session[i] + session_offset);
  }
  if (!t.has_agent) return a;
  // The step clock: trials follow each other without gaps; a trial's blank steps come before
  // the stimulus, and the response (or the timeout) ends its last step.
  const double dt = alf.step_duration;
  std::int64_t step = step_offset;
  for (std::size_t i = 0; i < n; ++i) {
    a.choice.push_back(-static_cast<std::int64_t>(t.choice[i]));  // IBL: +1 = leftward response
    a.feedback_type.push_back(t.correct[i] ? 1 : -1);
    a.n_obs.push_back(t.n_obs[i]);
    const std::int64_t n_blank = t.n_steps[i] - t.n_obs[i];
    a.intervals.push_back(dt * static_cast<double>(step));
    a.intervals.push_back(dt * static_cast<double>(step + t.n_steps[i]));
    a.stim_on_times.push_back(dt * static_cast<double>(step + n_blank));
    a.response_times.push_back(dt * static_cast<double>(step + t.n_steps[i]));
    step += t.n_steps[i];
  }
  a.n_steps = step - step_offset;
  return a;
}

struct AlfTrialsStream::Files {
  std::vector<std::unique_ptr<NpyStream<double>>> real;  // kAttributes order, nullptr if not real
  std::unique_ptr<NpyStream<std::int64_t>> choice, feedback_type;
  std::unique_ptr<NpyStream<double>> intervals;
};

AlfTrialsStream::AlfTrialsStream(const std::string& run_dir, bool has_agent, const AlfConfig& alf)
    : alf_(alf), has_agent_(has_agent), files_(std::make_unique<Files>()) {
  alf_.validate();
  const std::string dir = alf_.trials_dir(run_dir);
  make_dirs(dir);
  const auto names = alf_attribute_names(has_agent);
  const auto reals = real_columns(AlfTrialColumns{});
  for (std::size_t c = 0; c < names.size(); ++c) {
    const std::string path = dir + "/" + alf_.file_name(names[c]);
    files_->real.emplace_back(reals[c] ? std::make_unique<NpyStream<double>>(path) : nullptr);
    if (names[c] == "choice") files_->choice = std::make_unique<NpyStream<std::int64_t>>(path);
    if (names[c] == "feedbackType")
      files_->feedback_type = std::make_unique<NpyStream<std::int64_t>>(path);
    if (names[c] == "intervals")
      files_->intervals = std::make_unique<NpyStream<double>>(path, std::vector<std::size_t>{2});
  }
}

AlfTrialsStream::~AlfTrialsStream() = default;

void AlfTrialsStream::append(const RunRecord& chunk) {
  check_internal(chunk.trials.size() == 0 || chunk.trials.has_agent == has_agent_,
                 "AlfTrialsStream: agent columns differ");
  const AlfTrialColumns a = alf_trial_columns(chunk.trials, chunk.config, alf_, n_sessions_, n_steps_);
  const auto reals = real_columns(a);
  for (std::size_t c = 0; c < files_->real.size(); ++c)
    if (files_->real[c]) files_->real[c]->append(*reals[c]);
  if (has_agent_) {
    files_->choice->append(a.choice);
    files_->feedback_type->append(a.feedback_type);
    files_->intervals->append(a.intervals.data(), a.intervals.size() / 2);
  }
  n_sessions_ += chunk.n_sessions;
  n_steps_ += a.n_steps;
}

void AlfTrialsStream::close() {
  for (auto& f : files_->real)
    if (f) f->close();
  if (files_->choice) files_->choice->close();
  if (files_->feedback_type) files_->feedback_type->close();
  if (files_->intervals) files_->intervals->close();
}

void write_alf_trials(const std::string& run_dir, const RunRecord& run, const AlfConfig& alf) {
  AlfTrialsStream stream(run_dir, run.trials.has_agent, alf);
  stream.append(run);
  stream.close();
}

}  // namespace iblrnn::io
