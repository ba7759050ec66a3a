// pipeline::run_distill: the `iblrnn distill` job (SPEC §6; docs/distill.md): from a trained
// network's run folder and its evaluation (RUN/eval, made first if missing) it builds the
// three 2-unit models — RADD (closed form, eq. D1–D11), conventional distillation (eq. D15)
// and a 2-unit network trained on the task (eq. D16) — lets the teacher and all three play
// the same evaluation session (common random numbers), draws their phase portraits and fixed
// points (eq. D12–D14), and writes DIR (default RUN/distill) atomically: summary.json, arrays
// for every figure, and each reduced model as a network folder that `iblrnn eval` accepts.
// distill_teacher is the same study in memory, on a teacher given as values (the Python
// package's iblrnn.distill); run_distill reads the teacher from files, calls it and writes.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "iblrnn/analysis/network_recording.hpp"
#include "iblrnn/core/progress.hpp"
#include "iblrnn/distill/distill_result.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::pipeline {

struct DistillOptions {
  std::string run;     // run folder of the trained teacher (config.toml + weights)
  std::string out;     // output folder; empty: RUN/distill (replaced atomically)
  StudyConfig config;  // resolved configuration: its [distill] and [analysis] sections are
                       // used; task, network and train come from RUN/config.toml
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// The teacher of a study: its network, the configuration it was trained under (with the
/// study's [distill] and [analysis] sections) and its evaluation. N recorded steps.
struct DistillTeacher {
  StudyConfig config;
  rnn::Network network;
  EvalConfig session;           // the common session (eq. D17): the teacher's evaluation's
  analysis::NetworkRecording recording;   // the evaluation; an LSTM's cells recovered by replay_cells
  std::optional<double> lstm_replay_error;  // the replay's largest |h| difference
  Eigen::MatrixXd probs;        // 2 × N the teacher's P(left), P(right) per recorded step

  /// An LSTM whose recording has no cell states: recovers them by replaying the network
  /// (rnn/lstm_replay.hpp), so that fixed points are searched in the joint (h, c) space, and
  /// sets lstm_replay_error. Does nothing otherwise. Throws InvalidInput when the recording's
  /// hidden rows or the probabilities' columns do not match the network and the steps.
  void replay_cells();
};

/// The study on `teacher` in memory: RADD, conventional distillation ([distill]
/// conventional_steps > 0), the 2-unit task-trained network ([distill] task_trained; its
/// training job writes its run folder `task_trained_dir`), the common-session comparison and
/// the portraits. result.run and result.eval_dir are left empty. Throws InvalidInput on bad
/// options or data, IoError when task_trained_dir cannot be written.
distill::DistillResult distill_teacher(const DistillTeacher& teacher, const std::string& task_trained_dir,
                              const core::ProgressFn& progress);

/// Runs the distillation study and writes the output folder; returns summary.json's content.
/// Throws IoError if RUN lacks config.toml or weights, InvalidInput on bad options or data.
nlohmann::json run_distill(DistillOptions options);

}  // namespace iblrnn::pipeline
