// A small output folder in the documented layout (docs/report.md "Inputs"), built in-process:
// agents' runs played through the task engine (a heuristic block-and-evidence agent as "rnn",
// the oracle as "radd", the random agent as "actor") and small synthetic analysis, distill and
// behaviour files, so that every figure of the report has its inputs.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

namespace iblrnn::testing {

/// Accumulates evidence d = oᴿ − oᴸ on top of a leaky block prior learned from feedback.
class HeuristicAgent : public task::Agent {
 public:
  void begin(int n) override {
    prior_.assign(n, 0.0);
    evidence_.assign(n, 0.0);
    last_.assign(n, 0);
  }
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const task::StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override {
    for (int b = 0; b < x.cols(); ++b) {
      if (!ctx.active[b]) continue;
      if (ctx.k[b] == 0) {
        const double r = x(2, b);
        int revealed = 0;  // side learned from the previous trial's feedback
        if (last_[b] != 0) revealed = r > 0 ? last_[b] : -last_[b];
        prior_[b] = std::clamp(0.85 * prior_[b] + 0.45 * revealed, -2.0, 2.0);
        evidence_[b] = 0;
        last_[b] = 0;
      }
      if (ctx.k[b] >= ctx.n_blank_steps) evidence_[b] += 0.9 * (x(1, b) - x(0, b));
      const double L = prior_[b] + evidence_[b];
      const double pr = 1 / (1 + std::exp(-L));
      p(0, b) = 1 - pr;
      p(1, b) = pr;
      if (pr > 0.9) last_[b] = 1;
      if (pr < 0.1) last_[b] = -1;
    }
  }

 private:
  std::vector<double> prior_, evidence_;
  std::vector<int> last_;
};

inline void write_agent_run(const std::string& dir, const task::RunRecord& run, const std::string& agent) {
  io::make_dirs(dir);
  io::write_trials_csv(dir, run.trials);
  io::write_step_arrays(dir, run);
  nlohmann::json s = io::run_summary(run);
  s["agent"] = agent;
  io::write_json(dir + "/summary.json", s);
}

/// Writes the fixture into `dir` (created); n_blocks per session, 2 sessions. Returns the
/// network run's number of trials.
inline std::size_t make_report_fixture(const std::string& dir, int n_blocks = 12) {
  task::TaskConfig config;
  config.n_blocks = n_blocks;
  const auto plans = task::make_sessions(config, 7, 2);
  HeuristicAgent heuristic;
  const task::RunRecord rnn = task::play(config, plans, heuristic);
  write_agent_run(dir + "/network/eval", rnn, "rnn");
  task::RandomAgent random(3);
  write_agent_run(dir + "/bayes/actor", task::play(config, plans, random), "actor");
  task::OracleAgent oracle(plans);
  write_agent_run(dir + "/distill/radd", task::play(config, plans, oracle), "radd");

  const std::size_t n = rnn.trials.size();
  const task::TrialTable& t = rnn.trials;
  // Analysis (docs/analysis.md "Outputs"): a synthetic state whose block coordinate drifts
  // toward the block side and whose stimulus coordinate follows the stimulus.
  io::make_dirs(dir + "/analysis/flow");
  io::make_dirs(dir + "/analysis/pools");
  std::string ends = "trial,session,block,trial_in_block,block_side,stim_side,signal,choice,pc1,pc2,"
                     "q_stim,q_block,p_right_block,bayes_block_right\n";
  double belief = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double side = t.stim_side[i];
    belief = 0.9 * belief + 0.1 * side;
    const double wiggle = std::sin(0.7 * static_cast<double>(i));
    const double qs = side * (0.8 + 0.2 * wiggle), qb = belief + 0.05 * wiggle;
    ends += std::to_string(i) + "," + std::to_string(t.session[i]) + "," + std::to_string(t.block[i]) + "," +
            std::to_string(t.trial_in_block[i]) + "," + std::to_string(t.block_side[i]) + "," +
            std::to_string(t.stim_side[i]) + "," + std::to_string(t.signal[i]) + "," +
            std::to_string(t.choice[i]) + "," + std::to_string(qs + 0.3 * qb) + "," + std::to_string(qb) + "," +
            std::to_string(qs) + "," + std::to_string(qb) + "," + std::to_string(1 / (1 + std::exp(-4 * qb))) +
            "," + std::to_string(0.5 + 0.45 * belief) + "\n";
  }
  io::write_text_file(dir + "/analysis/trial_ends.csv", ends);
  std::string vel = "d_lo,d_hi,n,dq_stim_mean,dq_stim_sem,dq_block_mean,dq_block_sem\n";
  for (int b = 0; b < 24; ++b) {
    const double lo = -3 + 0.25 * b, x = lo + 0.125;
    vel += std::to_string(lo) + "," + std::to_string(lo + 0.25) + ",100," + std::to_string(0.84 * x) +
           ",0.02," + std::to_string(0.18 * x) + ",0.01\n";
  }
  io::write_text_file(dir + "/analysis/evidence_velocity.csv", vel);
  std::string bb = "block_side,trial_in_block,n,q_block_mean,q_block_sem,bayes_scaled_mean\n";
  for (int side : {-1, 1})
    for (int k = 0; k < 60; ++k) {
      const double q = side * (1 - 2 * std::exp(-k / 8.0));
      bb += std::to_string(side) + "," + std::to_string(k) + ",50," + std::to_string(q) + ",0.03," +
            std::to_string(side * (1 - 2 * std::exp(-k / 6.0))) + "\n";
    }
  io::write_text_file(dir + "/analysis/block_belief_by_trial.csv", bb);
  const std::size_t g = 8;
  std::vector<double> grid(g);
  for (std::size_t i = 0; i < g; ++i) grid[i] = -1 + 2.0 * i / (g - 1);
  io::write_npy(dir + "/analysis/flow/grid_pc1.npy", grid);
  io::write_npy(dir + "/analysis/flow/grid_pc2.npy", grid);
  const char* conditions[] = {"left", "equal", "right", "negative_feedback", "no_stimulus",
                              "positive_feedback"};
  std::string fp = "condition,index,kind,q,stable,max_abs_eigenvalue,pc1,pc2,q_stim,q_block,n_merged\n";
  for (int c = 0; c < 6; ++c) {
    std::vector<double> flow;
    const double drive = c == 0 ? -0.5 : c == 2 ? 0.5 : 0.0;
    for (std::size_t j = 0; j < g; ++j)
      for (std::size_t i = 0; i < g; ++i)
        flow.insert(flow.end(), {drive + 0.3 * (std::tanh(2 * grid[i]) - grid[i]), -0.05 * grid[j] * (c != 4)});
    io::write_npy(dir + "/analysis/flow/" + std::string(conditions[c]) + "_probed.npy", flow, {g, g, 2});
    fp += std::string(conditions[c]) + ",0,fixed,1e-14," + (c == 1 ? "0" : "1") + ",0.8," +
          std::to_string(0.1 * c - 0.2) + ",0,0,0,3\n";
  }
  for (int k = 0; k < 7; ++k)
    fp += "no_stimulus," + std::to_string(k + 1) + ",slow,1e-8,1," +
          std::to_string(0.995 - 0.002 * std::abs(k - 3)) + ",0," + std::to_string(-0.9 + 0.3 * k) +
          ",0," + std::to_string(-0.9 + 0.3 * k) + ",1\n";
  io::write_text_file(dir + "/analysis/fixed_points.csv", fp);
  const std::size_t h = 8;
  std::vector<double> corr(h * h), w(h * h);
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t j = 0; j < h; ++j) {
      const bool same = (i < h / 2) == (j < h / 2);
      corr[i * h + j] = i == j ? 1.0 : same ? 0.7 : -0.6;
      w[i * h + j] = same ? 0.4 : -0.3;
    }
  io::write_npy(dir + "/analysis/pools/correlation_reordered.npy", corr, {h, h});
  io::write_npy(dir + "/analysis/pools/W_rec_reordered.npy", w, {h, h});
  io::write_json(dir + "/analysis/summary.json",
             {{"pca_variance_explained", {0.62, 0.25, 0.05, 0.03, 0.02, 0.01}},
              {"pca_variance_explained_pc12", 0.87},
              {"readout_in_plane_fraction", 0.95},
              {"readout_angle_full_deg", 88.0},
              {"readout_angle_pca_deg", 70.0},
              {"readout_angle_full_deg_ours", 88.0},
              {"readout_angle_plane_deg_ours", 70.0},
              {"readout_angle_full_deg_paper2020", 75.0},
              {"readout_angle_plane_deg_paper2020", 64.0},
              {"block_decoder_accuracy_full", 0.83},
              {"block_decoder_accuracy_pca", 0.81},
              {"slope_stimulus", {{"slope", 0.84}, {"intercept", 0.0}}},
              {"slope_block", {{"slope", 0.18}, {"intercept", 0.0}}},
              {"block_belief_scale", {{"scale", 0.9}}}});
  // Distillation (docs/distill.md): summary.json with the fit, the comparison and the
  // portraits' fixed points, and the flows of three 2-unit models under three inputs.
  io::make_dirs(dir + "/distill/portraits");
  const std::size_t np = 7;
  nlohmann::json axis = nlohmann::json::array(), portraits, comparison;
  for (std::size_t i = 0; i < np; ++i) axis.push_back(-1 + 2.0 * i / (np - 1));
  portraits["flow_axis"] = axis;
  for (const std::string model : {"radd", "conventional", "task_trained_2"})
    for (const std::string cond : {"left", "equal", "right"}) {
      const double drive = cond == "left" ? -0.3 : cond == "right" ? 0.3 : 0;
      std::vector<double> flow;
      for (std::size_t i = 0; i < np; ++i)
        for (std::size_t j = 0; j < np; ++j) {
          const double a = axis[i], b = axis[j];
          flow.insert(flow.end(), {std::tanh(1.5 * a + drive) - a, std::tanh(0.95 * b + 0.1 * a) - b});
        }
      io::write_npy(dir + "/distill/portraits/" + model + "_" + cond + "_flow.npy", flow, {np, np, 2});
      portraits[model][cond]["fixed_points"] = {{{"z", {0.5, 0.0}}, {"kind", "stable"}},
                                                {{"z", {0.0, 0.0}}, {"kind", "saddle"}}};
      portraits["teacher"][cond]["fixed_points"] = {{{"kind", "stable"}, {"z_radd", {0.55, 0.05}}}};
    }
  for (const std::string name : {"teacher", "radd", "conventional"}) {
    const double k = name == "conventional" ? 0.5 : 1.0;
    comparison[name] = {{"signed_signal", {-2.5, -1, 0, 1, 2.5}},
                        {"by_signal_concordant", {1.0, 0.95 * k, 0.8 * k, 0.95 * k, 1.0}},
                        {"by_signal_discordant", {0.97, 0.7 * k, 0.2 * k, 0.7 * k, 0.97}}};
  }
  io::write_json(dir + "/distill/summary.json",
             {{"accuracy", {{"teacher", 0.85}, {"radd", 0.86}, {"conventional", 0.7}}},
              {"comparison", comparison},
              {"portraits", portraits},
              {"radd", {{"fit_seconds", 4.2}, {"A", {{0.5, 0.3}, {0.2, 0.85}}},
                        {"B", {{-0.21, 0.21, 0.01}, {-0.05, 0.05, 0.02}}}}},
              {"conventional", {{"seconds", 3600.0}}}});
  // Behaviour (docs/behavior.md "Outputs"): psychometric points and fits, and accuracy by
  // concordance, for the RNN and synthetic mice; the other curves come from trials.csv.
  io::make_dirs(dir + "/behavior");
  std::string psy = "input,subject,group,x,mean,sem,n\n";
  std::string fits = "input,subject,group,m,m_se,w,w_se,gamma1,gamma1_se,gamma2,gamma2_se,nll,n_trials,n_levels,status\n";
  std::string conc = "input,subject,group,x,mean,sem,n\n";
  const std::vector<double> mouse_x = {-1, -0.25, -0.125, -0.0625, 0, 0.0625, 0.125, 0.25, 1};
  const std::vector<double> agent_x = {-2.5, -1.5, -0.5, 0, 0.5, 1.5, 2.5};
  for (const std::string input : {"rnn", "mice"}) {
    const bool mouse = input == "mice";
    const double width = mouse ? 0.15 : 0.6;
    for (const std::string group : {"block_left", "block_right"}) {
      const double m = group == "block_left" ? 0.2 * width : -0.2 * width;
      for (double x : mouse ? mouse_x : agent_x) {
        const double p = 0.05 + 0.9 * (std::erf((x - m) / width) + 1) / 2;
        psy += input + ",," + group + "," + std::to_string(x) + "," + std::to_string(p) + ",0.03,40\n";
        conc += input + ",," + (group == "block_left" ? "concordant" : "discordant") + "," +
                std::to_string(x) + "," + std::to_string(0.5 + 0.4 * std::tanh(std::abs(x) / width)) + ",0.02,40\n";
      }
      fits += input + ",," + group + "," + std::to_string(m) + ",0.01," + std::to_string(width) +
              ",0.01,0.05,0.01,0.05,0.01,100,560,7,converged\n";
    }
    psy += input + ",mouse_a,block_left,0,0.5,0.1,10\n";  // a per-subject row: not drawn
  }
  io::write_text_file(dir + "/behavior/psychometric_table.csv",
                  "input,subject,fit,n_trials,bias_left_pct,bias_left_pct_se,bias_right_pct,bias_right_pct_se,"
                  "bias_shift_pct,bias_shift_pct_se,threshold_left_pct,threshold_left_pct_se,threshold_right_pct,"
                  "threshold_right_pct_se,lapse_low_left,lapse_low_left_se,lapse_high_left,lapse_high_left_se,"
                  "lapse_low_right,lapse_low_right_se,lapse_high_right,lapse_high_right_se\n"
                  "rnn,,iblrnn,1120,4.8,0.4,-4.8,0.4,9.6,0.57,24,0.4,24,0.4,0.05,0.01,0.05,0.01,0.05,0.01,0.05,0.01\n"
                  "mice,,iblrnn,1120,3,0.1,-3,0.1,6,0.14,15,0.1,15,0.1,0.05,0.01,0.05,0.01,0.05,0.01,0.05,0.01\n"
                  "mice,mouse_a,iblrnn,560,3,0.2,-3,0.2,6,0.28,15,0.2,15,0.2,0.05,0.02,0.05,,0.05,0.02,0.05,0.02\n");
  io::write_text_file(dir + "/behavior/psychometric.csv", psy);
  io::write_text_file(dir + "/behavior/psychometric_fits.csv", fits);
  io::write_text_file(dir + "/behavior/accuracy_concordance.csv", conc);
  io::write_json(dir + "/behavior/summary.json",
             {{"inputs",
               {{{"label", "rnn"}, {"rt_unit", "steps"}},
                {{"label", "mice"}, {"rt_unit", "s"},
                 {"median_rt_by_abs_signal", {{{"x", 0}, {"median", 0.424}, {"n", 900}},
                                              {{"x", 0.0625}, {"median", 0.38}, {"n", 900}},
                                              {{"x", 0.125}, {"median", 0.33}, {"n", 900}},
                                              {{"x", 0.25}, {"median", 0.29}, {"n", 900}},
                                              {{"x", 1}, {"median", 0.261}, {"n", 900}}}}}}}});
  // Top-level numbers, two of them over three seeds.
  io::write_json(dir + "/summary.json",
             {{"rnn_accuracy", {{"seeds", {0.852, 0.861, 0.848}}}},
              {"pc12_variance", 0.87},
              {"zero_signal_rise", {{"seeds", {{0.28, 0.74}, {0.22, 0.78}, {0.31, 0.71}}}}}});
  return n;
}

}  // namespace iblrnn::testing
