#include "iblrnn/analysis/network_analysis.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <future>

#include <Eigen/Cholesky>

#include "iblrnn/analysis/block_belief.hpp"
#include "iblrnn/analysis/dynamics_label.hpp"
#include "iblrnn/analysis/evidence_velocity.hpp"
#include "iblrnn/analysis/fixed_points.hpp"
#include "iblrnn/analysis/flow_field.hpp"
#include "iblrnn/analysis/logistic.hpp"
#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/analysis/readout_definitions.hpp"
#include "iblrnn/analysis/unit_pools.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

namespace iblrnn {

void NetworkRecording::set_trials(const TrialTable& t) {
  session = t.session;
  block = t.block;
  trial_in_block = t.trial_in_block;
  block_side = t.block_side;
  stim_side = t.stim_side;
  signal = t.signal;
  choice = t.choice;
}
namespace {

using Clock = std::chrono::steady_clock;

std::string num(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// JSON cannot hold NaN/inf: write null instead.
nlohmann::json jnum(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json fit_json(const LinearFit& f) {
  return {{"slope", jnum(f.slope)}, {"intercept", jnum(f.intercept)}, {"r", jnum(f.r)},
          {"p", jnum(f.p)},         {"slope_stderr", jnum(f.slope_stderr)}, {"n", f.n}};
}

// An Eigen matrix with one column per sample → a C-order (cols, rows) array.
ArrayOutput samples_array(const std::string& name, const Eigen::Ref<const Eigen::MatrixXd>& M) {
  ArrayOutput a{name, {std::size_t(M.cols()), std::size_t(M.rows())}, {}};
  a.data.resize(M.size());
  // Column-major storage of M is exactly C order of its transpose.
  for (Eigen::Index j = 0; j < M.cols(); ++j)
    for (Eigen::Index i = 0; i < M.rows(); ++i) a.data[j * M.rows() + i] = M(i, j);
  return a;
}

// An Eigen matrix stored as (rows, cols) in C order.
ArrayOutput matrix_array(const std::string& name, const Eigen::Ref<const Eigen::MatrixXd>& M) {
  ArrayOutput a{name, {std::size_t(M.rows()), std::size_t(M.cols())}, {}};
  a.data.reserve(M.size());
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) a.data.push_back(M(i, j));
  return a;
}

ArrayOutput vector_array(const std::string& name, const Eigen::Ref<const Eigen::VectorXd>& v) {
  return {name, {std::size_t(v.size())}, std::vector<double>(v.data(), v.data() + v.size())};
}

// A flow field as (rows, cols, 2): per grid point (Δa, Δb).
ArrayOutput flow_array(const std::string& name, const FlowField& f) {
  ArrayOutput a{name, {std::size_t(f.da.rows()), std::size_t(f.da.cols()), 2}, {}};
  a.data.reserve(2 * f.da.size());
  for (Eigen::Index j = 0; j < f.da.rows(); ++j)
    for (Eigen::Index i = 0; i < f.da.cols(); ++i) {
      a.data.push_back(f.da(j, i));
      a.data.push_back(f.db(j, i));
    }
  return a;
}

void check_recording(const NetworkRecording& r) {
  const std::string w = "analyze_network";
  const Eigen::Index h = r.hidden.rows(), n = r.hidden.cols();
  require(h >= 2, w, "hidden units", "must be >= 2", h);
  require(n >= 10, w, "steps", "must be >= 10", n);
  require(r.hidden.allFinite(), w, "hidden", "must be finite", "non-finite entry");
  require(r.inputs.rows() == 3 && r.inputs.cols() == n, w, "inputs", "must be 3 x N with N = " +
          std::to_string(n), std::to_string(r.inputs.rows()) + "x" + std::to_string(r.inputs.cols()));
  require(r.cell.size() == 0 || (r.cell.rows() == h && r.cell.cols() == n), w, "cell",
          "must be empty or H x N", r.cell.rows());
  require(static_cast<Eigen::Index>(r.step_trial.size()) == n, w, "step_trial size",
          "must equal the steps", r.step_trial.size());
  require(static_cast<Eigen::Index>(r.step_k.size()) == n, w, "step_k size",
          "must equal the steps", r.step_k.size());
  const std::size_t nt = r.block_side.size();
  require(nt >= 3, w, "trials", "must be >= 3", nt);
  for (auto* v : {&r.session, &r.block, &r.trial_in_block})
    require(v->size() == nt, w, "per-trial arrays", "must all have n_trials entries", v->size());
  require(r.stim_side.size() == nt && r.signal.size() == nt && r.first_step.size() == nt &&
              r.n_steps.size() == nt,
          w, "per-trial arrays", "must all have n_trials entries", r.first_step.size());
  require(r.choice.empty() || r.choice.size() == nt, w, "choice size", "must be 0 or n_trials",
          r.choice.size());
  require(r.bayes_block_right.size() == 0 ||
              r.bayes_block_right.size() == static_cast<Eigen::Index>(nt),
          w, "bayes_block_right size", "must be 0 or n_trials", r.bayes_block_right.size());
  for (auto t : r.step_trial)
    require(t >= 0 && std::size_t(t) < nt, w, "step_trial", "must index a trial", t);
  for (std::size_t i = 0; i < nt; ++i)
    require(r.first_step[i] >= 0 && r.n_steps[i] >= 1 && r.first_step[i] + r.n_steps[i] <= n, w,
            "trial steps", "must lie inside the recorded steps", r.first_step[i]);
  require(r.W_out.rows() == 2 && r.W_out.cols() == h, w, "W_out", "must be 2 x H", r.W_out.rows());
  require(r.W_rec.rows() == h && r.W_rec.cols() == h, w, "W_rec", "must be H x H", r.W_rec.rows());
  require(!r.map || r.map->n_state() == h || r.map->n_state() == 2 * h, w, "map state size",
          "must be H or 2H (LSTM)", r.map ? r.map->n_state() : 0);
}

// The quadrant of a point in task coordinates, e.g. "right_stim/right_block".
// One input's dynamics label (eq. A17–A19) with its evidence and the slow set's angles.
nlohmann::json dynamics_json(const DynamicsClass& d, Eigen::Index H, const Eigen::MatrixXd& P2,
                             const TaskAxes& axes, const Eigen::VectorXd& block_full_ours,
                             const Eigen::VectorXd& block_full_paper2020) {
  nlohmann::json j = {{"label", dynamics_kind_name(d.kind)},
                      {"slow_channel", d.slow_channel},
                      {"n_stable", d.stable.size()},
                      {"n_saddles", d.saddles.size()},
                      {"reason", d.reason},
                      {"manifold", {{"n_points", d.manifold.n_points},
                                    {"fraction_1d", d.manifold.fraction_1d},
                                    {"coverage", d.manifold.coverage},
                                    {"lambda_lead_median", d.manifold.lambda_lead_median},
                                    {"connected_1d", d.manifold.connected_1d}}}};
  if (d.direction.size() >= H) {
    const Eigen::VectorXd dir = d.direction.head(H);
    if (dir.norm() > 0 && (P2.transpose() * dir).norm() > 1e-9 * dir.norm()) {
      const ManifoldAngles a = manifold_angles(dir, P2, axes.block, axes.stimulus, block_full_ours,
                                               block_full_paper2020);
      j["angles"] = {{"in_plane_fraction", a.in_plane_fraction},
                     {"block_plane_deg", a.block_plane_deg},
                     {"stimulus_plane_deg", a.stimulus_plane_deg},
                     {"block_full_deg_ours", a.block_full_ours_deg},
                     {"block_full_deg_paper2020", a.block_full_paper2020_deg}};
    }
  }
  return j;
}

std::string quadrant(double q_stim, double q_block) {
  return std::string(q_stim >= 0 ? "right" : "left") + "_stim/" + (q_block >= 0 ? "right" : "left") +
         "_block";
}

}  // namespace

NetworkAnalysis analyze_network(const NetworkRecording& rec, const AnalysisConfig& config,
                                const ProgressFn& progress) {
  config.validate();
  check_recording(rec);
  const auto t_start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t_start).count(); };
  nlohmann::json timing;
  const int n_stages = 7;
  auto report = [&](const std::string& stage, int done) {
    if (progress) progress("analyze: " + stage, done, n_stages);
  };
  NetworkAnalysis out;
  auto& S = out.summary;
  const Eigen::Index H = rec.hidden.rows(), N = rec.hidden.cols();
  const auto n_trials = static_cast<Eigen::Index>(rec.block_side.size());
  S["n_steps"] = N;
  S["n_trials"] = n_trials;
  S["n_units"] = H;

  // ---- 1. PCA (eq. A1) and 2. stimulus readout (eq. A2) ----
  report("pca", 0);
  Pca pca = fit_pca(rec.hidden);
  const Eigen::VectorXd w_stim = stimulus_readout(rec.W_out, config.readout);
  timing["pca"] = elapsed();

  // ---- 3. block decoders (eq. A4–A5) on steps of biased blocks ----
  report("block decoders", 1);
  std::vector<Eigen::Index> used;
  used.reserve(N);
  for (Eigen::Index t = 0; t < N; ++t)
    if (rec.block_side[rec.step_trial[t]] != 0) used.push_back(t);
  require(used.size() >= 10, "analyze_network", "steps in biased blocks", "must be >= 10",
          used.size());
  Eigen::VectorXd y_used(static_cast<Eigen::Index>(used.size()));
  for (std::size_t i = 0; i < used.size(); ++i)
    y_used(Eigen::Index(i)) = rec.block_side[rec.step_trial[used[i]]] > 0 ? 1.0 : 0.0;
  const HeldOutSplit split = split_held_out(static_cast<Eigen::Index>(used.size()),
                                            config.train_fraction,
                                            static_cast<std::uint64_t>(config.split_seed));
  std::vector<Eigen::Index> train_steps, test_steps;
  for (auto i : split.train) train_steps.push_back(used[i]);
  for (auto i : split.test) test_steps.push_back(used[i]);
  const Eigen::VectorXd y_train = take_entries(y_used, split.train);
  const Eigen::VectorXd y_test = take_entries(y_used, split.test);
  LogisticOptions lopt;
  lopt.ridge = config.logistic_ridge;
  LogisticFit dec_full;
  {
    const Eigen::MatrixXd X_train = take_columns(rec.hidden, train_steps);
    dec_full = fit_logistic(X_train, y_train, lopt);
    S["block_decoder_train_accuracy_full"] = dec_full.accuracy(X_train, y_train);
  }
  S["block_decoder_accuracy_full"] = dec_full.accuracy(take_columns(rec.hidden, test_steps), y_test);
  require(dec_full.w.norm() > 0, "analyze_network", "block decoder weights", "must be non-zero",
          0);
  const Eigen::VectorXd w_block = dec_full.w.normalized();
  // Sign convention of SPEC §5.2: PC1 along the stimulus readout; PC2 along the block readout
  // of the plane, i.e. the 2-D decoder's weight (the full-state weight can lie mostly outside
  // the plane). A logistic fit is equivariant under flipping one feature's sign.
  int flipped = orient_plane(pca, w_stim, pca.components.col(1)) & 1;
  Eigen::MatrixXd Z = pca.project_states(rec.hidden, 2);
  LogisticFit dec_pca = fit_logistic(take_columns(Z, train_steps), y_train, lopt);
  if (dec_pca.w(1) < 0) {
    pca.flip(1);
    Z.row(1) *= -1.0;
    dec_pca.w(1) *= -1.0;
    flipped |= 2;
  }
  const Eigen::MatrixXd P2 = pca.components.leftCols(2);
  const Eigen::MatrixXd Z_train = take_columns(Z, train_steps);
  S["block_decoder_train_accuracy_pca"] = dec_pca.accuracy(Z_train, y_train);
  S["block_decoder_accuracy_pca"] = dec_pca.accuracy(take_columns(Z, test_steps), y_test);
  S["block_decoder_converged"] = dec_full.converged && dec_pca.converged;
  S["block_decoder_n_train"] = train_steps.size();
  S["block_decoder_n_test"] = test_steps.size();
  timing["decoders"] = elapsed();

  // ---- PCA and readout scalars (eq. A3) and angles ----
  std::vector<double> explained(pca.explained.data(), pca.explained.data() + H);
  std::vector<double> cumulative(pca.cumulative.data(), pca.cumulative.data() + H);
  S["pca_variance_explained"] = explained;
  S["pca_cumulative"] = cumulative;
  S["pca_variance_explained_pc12"] = pca.cumulative(1);
  S["pca_flipped"] = {{"pc1", bool(flipped & 1)}, {"pc2", bool(flipped & 2)}};
  S["readout"] = config.readout;
  S["readout_in_plane_fraction"] = in_plane_fraction(w_stim, P2);
  S["block_readout_in_plane_fraction"] = in_plane_fraction(w_block, P2);
  const Eigen::Vector2d stim_plane = P2.transpose() * w_stim;
  const Eigen::Vector2d block_plane_2d = dec_pca.w;
  const Eigen::Vector2d block_plane_proj = P2.transpose() * w_block;
  S["readout_angle_full_deg"] = angle_deg(w_stim, w_block);
  S["readout_angle_pca_deg"] = angle_deg(stim_plane, block_plane_2d);
  S["readout_angle_projected_deg"] = angle_deg(stim_plane, block_plane_proj);
  // Both definitions of the readout geometry side by side (SPEC §5.3–5.4; eq. A3b–A4c).
  const ReadoutDefinitions defs =
      compare_readout_definitions(pca, rec.W_out, config.readout, dec_full.w, dec_pca.w);
  S["readout_angle_full_deg_paper2020"] = defs.paper2020.angle_full_deg;
  S["readout_angle_full_deg_ours"] = defs.ours.angle_full_deg;
  S["readout_angle_plane_deg_paper2020"] = defs.paper2020.angle_plane_deg;
  S["readout_angle_plane_deg_ours"] = defs.ours.angle_plane_deg;
  S["readout_definitions"] = {
      {"block_in_plane_fraction_paper2020", defs.paper2020.block_in_plane_fraction},
      {"block_in_plane_fraction_ours", defs.ours.block_in_plane_fraction},
      {"angle_full_deg_paper2020_difference_readout", defs.angle_full_paper2020_difference_deg},
      {"angle_full_deg_paper2020_lift_with_mean", defs.angle_full_paper2020_with_mean_deg},
      {"angle_plane_deg_paper2020_without_mean", defs.angle_plane_paper2020_no_mean_deg}};

  // ---- 5. task-aligned coordinates (eq. A9) ----
  const TaskAxes axes{unit_in_plane(stim_plane, "stimulus readout"),
                      unit_in_plane(block_plane_2d, "2-D block decoder weights")};
  const Eigen::MatrixXd Q = task_coordinates(axes, Z);
  S["task_axes"] = {{"stimulus_pc", {axes.stimulus(0), axes.stimulus(1)}},
                    {"block_pc", {axes.block(0), axes.block(1)}}};

  // ---- 6. evidence velocities (eq. A6–A7) ----
  report("evidence velocities", 2);
  std::vector<std::uint8_t> use(N, 0);
  for (Eigen::Index t = 1; t < N; ++t) {
    const bool same_session =
        rec.session[rec.step_trial[t]] == rec.session[rec.step_trial[t - 1]];
    use[t] = same_session && rec.step_k[t] >= rec.n_blank_steps;
  }
  const Eigen::VectorXd d = (rec.inputs.row(1) - rec.inputs.row(0)).transpose();
  const EvidenceVelocity vel = evidence_velocities(Q, d, use);
  S["slope_stimulus"] = fit_json(vel.stimulus);
  S["slope_block"] = fit_json(vel.block);
  S["slope_ratio_stimulus_over_block"] = jnum(vel.stimulus.slope / vel.block.slope);
  {
    // Mean |ΔQ| per step kind (SPEC §8 C12): feedback steps (r ≠ 0) against observation steps.
    double fb = 0, ob = 0;
    std::int64_t nf = 0, no = 0;
    for (Eigen::Index t = 1; t < N; ++t) {
      if (rec.session[rec.step_trial[t]] != rec.session[rec.step_trial[t - 1]]) continue;
      const double dq = (Q.col(t) - Q.col(t - 1)).norm();
      if (rec.inputs(2, t) != 0.0) fb += dq, ++nf;
      else if (rec.step_k[t] >= rec.n_blank_steps) ob += dq, ++no;
    }
    S["step_dq"] = {{"feedback_mean", nf ? jnum(fb / double(nf)) : nlohmann::json()},
                    {"observation_mean", no ? jnum(ob / double(no)) : nlohmann::json()},
                    {"n_feedback", nf},
                    {"n_observation", no}};
  }
  {
    // Binned means for the figure (Fig 5a,b): 24 bins over the central 99 % of d.
    std::vector<double> ds;
    for (Eigen::Index t = 0; t < N; ++t)
      if (use[t]) ds.push_back(d(t));
    std::sort(ds.begin(), ds.end());
    const double lo = ds[std::size_t(0.005 * double(ds.size() - 1))];
    const double hi = ds[std::size_t(0.995 * double(ds.size() - 1))];
    const int nb = 24;
    std::vector<double> n(nb, 0), s1(nb, 0), s2(nb, 0), b1(nb, 0), b2(nb, 0);
    for (Eigen::Index t = 1; t < N; ++t) {
      if (!use[t] || d(t) < lo || d(t) > hi) continue;
      const int b = std::min(nb - 1, int((d(t) - lo) / (hi - lo) * nb));
      const double a = Q(0, t) - Q(0, t - 1), c = Q(1, t) - Q(1, t - 1);
      n[b] += 1;
      s1[b] += a;
      s2[b] += a * a;
      b1[b] += c;
      b2[b] += c * c;
    }
    TableOutput tab{"evidence_velocity.csv",
                    {"d_lo", "d_hi", "n", "dq_stim_mean", "dq_stim_sem", "dq_block_mean",
                     "dq_block_sem"},
                    {}};
    for (int b = 0; b < nb; ++b) {
      if (n[b] == 0) continue;
      const auto sem = [&](double s, double ss) {
        if (n[b] < 2) return 0.0;
        const double m = s / n[b];
        return std::sqrt(std::max(0.0, (ss - n[b] * m * m) / (n[b] - 1)) / n[b]);
      };
      tab.rows.push_back({num(lo + (hi - lo) * b / nb), num(lo + (hi - lo) * (b + 1) / nb),
                          num(n[b]), num(s1[b] / n[b]), num(sem(s1[b], s2[b])), num(b1[b] / n[b]),
                          num(sem(b1[b], b2[b]))});
    }
    out.tables.push_back(std::move(tab));
  }
  timing["velocities"] = elapsed();

  // ---- trial ends: PC and task coordinates, decoder P(right block) ----
  std::vector<Eigen::Index> ends(n_trials);
  Eigen::VectorXd trial_evidence = Eigen::VectorXd::Zero(n_trials);
  for (Eigen::Index i = 0; i < n_trials; ++i) {
    ends[i] = rec.first_step[i] + rec.n_steps[i] - 1;
    for (Eigen::Index t = rec.first_step[i]; t <= ends[i]; ++t)
      if (rec.step_k[t] >= rec.n_blank_steps) trial_evidence(i) += d(t);
  }
  const Eigen::MatrixXd Z_end = take_columns(Z, ends);
  const Eigen::MatrixXd Q_end = take_columns(Q, ends);
  const Eigen::VectorXd p_block_end = dec_pca.probability(Z_end);
  {
    TableOutput tab{"trial_ends.csv",
                    {"trial", "session", "block", "trial_in_block", "block_side", "stim_side",
                     "signal", "choice", "pc1", "pc2", "q_stim", "q_block", "p_right_block",
                     "bayes_block_right"},
                    {}};
    tab.rows.reserve(n_trials);
    for (Eigen::Index i = 0; i < n_trials; ++i) {
      tab.rows.push_back({std::to_string(i), std::to_string(rec.session[i]),
                          std::to_string(rec.block[i]), std::to_string(rec.trial_in_block[i]),
                          std::to_string(rec.block_side[i]), std::to_string(rec.stim_side[i]),
                          num(rec.signal[i]),
                          rec.choice.empty() ? "" : std::to_string(rec.choice[i]),
                          num(Z_end(0, i)), num(Z_end(1, i)), num(Q_end(0, i)), num(Q_end(1, i)),
                          num(p_block_end(i)),
                          rec.bayes_block_right.size() ? num(rec.bayes_block_right(i)) : ""});
    }
    out.tables.push_back(std::move(tab));
    // Step-level trajectories of the first blocks of each side (Fig 4b,c).
    TableOutput traj{"trajectories.csv",
                     {"step", "trial", "session", "block", "block_side", "trial_in_block", "k",
                      "pc1", "pc2", "q_stim", "q_block"},
                     {}};
    int taken[2] = {0, 0};
    for (Eigen::Index i = 0; i < n_trials;) {
      Eigen::Index j = i;
      while (j < n_trials && rec.block[j] == rec.block[i] && rec.session[j] == rec.session[i]) ++j;
      const int side = rec.block_side[i];
      // Skip each session's first block (it starts from the zero state).
      const bool first_block = i == 0 || rec.session[i - 1] != rec.session[i];
      if (side != 0 && !first_block && taken[side > 0] < config.n_trajectory_blocks) {
        ++taken[side > 0];
        for (Eigen::Index tr = i; tr < j; ++tr)
          for (Eigen::Index t = rec.first_step[tr]; t <= ends[tr]; ++t)
            traj.rows.push_back({std::to_string(t), std::to_string(tr),
                                 std::to_string(rec.session[tr]), std::to_string(rec.block[tr]),
                                 std::to_string(side), std::to_string(rec.trial_in_block[tr]),
                                 std::to_string(rec.step_k[t]), num(Z(0, t)), num(Z(1, t)),
                                 num(Q(0, t)), num(Q(1, t))});
      }
      i = j;
    }
    out.tables.push_back(std::move(traj));
  }

  // ---- 7. block belief vs the Bayesian observer (eq. A8) ----
  report("block belief", 3);
  const Eigen::VectorXd signed_belief = 2.0 * rec.bayes_block_right.array() - 1.0;
  if (rec.bayes_block_right.size() > 0 && signed_belief.squaredNorm() > 0) {
    const BlockBelief bb = compare_block_belief(Q_end.row(1).transpose(), signed_belief,
                                                rec.trial_in_block, rec.block_side,
                                                trial_evidence);
    S["block_belief_scale"] = {{"scale", jnum(bb.scale.scale)}, {"r2", jnum(bb.scale.r2)},
                               {"r", jnum(bb.scale.r)}, {"n", bb.scale.n},
                               {"residual_vs_trial_evidence", fit_json(bb.residual_vs_evidence)}};
    TableOutput tab{"block_belief_by_trial.csv",
                    {"block_side", "trial_in_block", "n", "q_block_mean", "q_block_sem",
                     "bayes_scaled_mean"},
                    {}};
    for (const auto& r : bb.by_trial)
      tab.rows.push_back({std::to_string(r.block_side), std::to_string(r.trial_in_block),
                          std::to_string(r.n), num(r.q_block_mean), num(r.q_block_sem),
                          num(r.bayes_mean)});
    out.tables.push_back(std::move(tab));
  } else {
    S["block_belief_scale"] = nullptr;
    S["notes"].push_back("block_belief_scale: no informative Bayesian observer posterior");
  }
  timing["block_belief"] = elapsed();

  // ---- 8.–9. flow fields and fixed points (eq. A10–A14) ----
  const auto conditions = six_conditions();
  const PlaneGrid grid = grid_over(Z, config.n_grid, config.grid_quantile);
  out.arrays.push_back(vector_array("flow/grid_pc1.npy", grid.a));
  out.arrays.push_back(vector_array("flow/grid_pc2.npy", grid.b));
  // Empirical flow needs no model.
  for (const auto& c : conditions) {
    std::vector<Eigen::Index> prev, next;
    for (Eigen::Index t = 1; t < N; ++t) {
      if (rec.session[rec.step_trial[t]] != rec.session[rec.step_trial[t - 1]]) continue;
      if (!matches_condition(c, rec.inputs.col(t), config.empirical_d_tol)) continue;
      prev.push_back(t - 1);
      next.push_back(t);
    }
    const FlowField f = empirical_flow(grid, take_columns(Z, prev), take_columns(Z, next));
    out.arrays.push_back(flow_array("flow/" + c.name + "_empirical.npy", f));
    out.arrays.push_back(matrix_array("flow/" + c.name + "_count.npy", f.count));
    S["flow_empirical_steps"][c.name] = prev.size();
  }
  report("flow fields", 4);
  const StepMap* map = rec.map;
  StateLift lift;
  bool lstm = false;
  if (map && map->n_state() == 2 * H) {
    lstm = true;
    if (rec.cell.size() == 0) {
      S["notes"].push_back("dynamics skipped: an LSTM needs recorded cell states (cell.npy)");
      map = nullptr;
    } else {
      // c ≈ C h + c0 by least squares over the recorded steps (eq. A10c), so that a plane
      // point h has a typical cell state.
      Eigen::MatrixXd G = Eigen::MatrixXd::Zero(H + 1, H + 1);
      Eigen::MatrixXd R = Eigen::MatrixXd::Zero(H + 1, H);
      Eigen::VectorXd ha(H + 1);
      for (Eigen::Index t = 0; t < N; ++t) {
        ha.head(H) = rec.hidden.col(t);
        ha(H) = 1.0;
        G.selfadjointView<Eigen::Lower>().rankUpdate(ha);
        R.noalias() += ha * rec.cell.col(t).transpose();
      }
      G = G.selfadjointView<Eigen::Lower>();
      G.diagonal().array() += 1e-10;
      const Eigen::MatrixXd coef = G.ldlt().solve(R);  // (H+1) × H
      lift = [coef, H](const Eigen::VectorXd& h) {
        Eigen::VectorXd s(2 * H);
        s.head(H) = h;
        s.tail(H) = coef.topRows(H).transpose() * h + coef.row(H).transpose();
        return s;
      };
    }
  }
  S["dynamics_state"] = lstm ? "h stacked over c (LSTM)" : "h";
  if (map) {
    for (const auto& c : conditions) {
      const FlowField f = probe_flow(*map, pca, grid, c.x, lift);
      out.arrays.push_back(flow_array("flow/" + c.name + "_probed.npy", f));
    }
    timing["flow"] = elapsed();
    report("fixed points", 5);
    FixedPointOptions fopt;
    fopt.max_iter = config.fixed_point_max_iter;
    fopt.q_tol = config.fixed_point_q_tol;
    fopt.slow_q_max = config.slow_point_q_max;
    fopt.dedup = config.fixed_point_dedup;
    const int n_state = map->n_state();
    // Starts: visited states drawn uniformly (seeded, one stream index per condition).
    std::vector<Eigen::MatrixXd> starts(conditions.size());
    for (std::size_t ci = 0; ci < conditions.size(); ++ci) {
      Rng rng(static_cast<std::uint64_t>(config.split_seed), Stream::fit, ci);
      starts[ci].resize(n_state, config.n_fixed_point_starts);
      for (int j = 0; j < config.n_fixed_point_starts; ++j) {
        const auto t = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(N)));
        starts[ci].col(j).head(H) = rec.hidden.col(t);
        if (lstm) starts[ci].col(j).tail(H) = rec.cell.col(t);
      }
    }
    // Conditions are independent: search them on two threads.
    // The speed scale of the slow sets: the median recorded step length ‖h_t − h_{t−1}‖.
    double median_step = 0;
    {
      std::vector<double> steps;
      steps.reserve(std::size_t(N));
      for (Eigen::Index t = 1; t < N; ++t) steps.push_back((rec.hidden.col(t) - rec.hidden.col(t - 1)).norm());
      std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
      median_step = std::max(steps[steps.size() / 2], 1e-12);
    }
    const double speed_tol = config.slow_speed_fraction * median_step;
    std::vector<FixedPointSet> sets(conditions.size()), slow_sets(conditions.size());
    auto run_range = [&](std::size_t lo, std::size_t step) {
      for (std::size_t ci = lo; ci < conditions.size(); ci += step) {
        sets[ci] = find_fixed_points(*map, conditions[ci].x, starts[ci], fopt);
        slow_sets[ci] = relax_to_slow_points(*map, conditions[ci].x, starts[ci], speed_tol,
                                             config.slow_max_steps, fopt);
      }
    };
    auto other = std::async(std::launch::async, run_range, 1, 2);
    run_range(0, 2);
    other.get();
    // The visited states in the map's state space (h, or h over c for an LSTM) for the labels.
    Eigen::MatrixXd visited(n_state, N);
    visited.topRows(H) = rec.hidden;
    if (lstm) visited.bottomRows(H) = rec.cell;
    TableOutput tab{"fixed_points.csv",
                    {"condition", "index", "kind", "q", "stable", "max_abs_eigenvalue", "pc1",
                     "pc2", "q_stim", "q_block", "n_merged"},
                    {}};
    for (std::size_t ci = 0; ci < conditions.size(); ++ci) {
      const auto& c = conditions[ci];
      FixedPointSet& set = sets[ci];
      nlohmann::json js = {{"input", {c.x(0), c.x(1), c.x(2)}},
                           {"n_starts", set.n_starts},
                           {"n_converged_fixed", set.n_fixed},
                           {"n_converged_slow", set.n_slow},
                           {"n_discarded", set.n_discarded},
                           {"n_points", set.points.size()}};
      int n_stable = 0;
      nlohmann::json stable = nlohmann::json::array();
      const auto np = set.points.size();
      ArrayOutput states{"fixed_points/" + c.name + "_states.npy", {np, std::size_t(n_state)}, {}};
      ArrayOutput eig{"fixed_points/" + c.name + "_eigenvalues.npy",
                      {np, std::size_t(n_state), 2}, {}};
      for (std::size_t k = 0; k < np; ++k) {
        const auto& p = set.points[k];
        const Eigen::Vector2d z = P2.transpose() * (p.h.head(H) - pca.mean);
        const Eigen::Vector2d q(axes.stimulus.dot(z), axes.block.dot(z));
        tab.rows.push_back({c.name, std::to_string(k), p.is_fixed ? "fixed" : "slow", num(p.q),
                            std::to_string(int(p.stable)), num(p.max_abs_eigenvalue), num(z(0)),
                            num(z(1)), num(q(0)), num(q(1)), std::to_string(p.n_merged)});
        states.data.insert(states.data.end(), p.h.data(), p.h.data() + n_state);
        for (Eigen::Index e = 0; e < p.eigenvalues.size(); ++e) {
          eig.data.push_back(p.eigenvalues(e).real());
          eig.data.push_back(p.eigenvalues(e).imag());
        }
        if (p.stable && p.is_fixed) {
          ++n_stable;
          stable.push_back({{"pc1", z(0)}, {"pc2", z(1)}, {"q_stim", q(0)}, {"q_block", q(1)},
                            {"max_abs_eigenvalue", p.max_abs_eigenvalue},
                            {"quadrant", quadrant(q(0), q(1))}});
        }
      }
      js["n_stable_fixed"] = n_stable;
      js["stable_points"] = stable;
      if (ci < 3) {
        // Stimulus inputs: bistable with attractors in the concordant quadrants (SPEC §5.9).
        bool rr = false, ll = false;
        for (const auto& s : stable) {
          rr = rr || s["quadrant"] == "right_stim/right_block";
          ll = ll || s["quadrant"] == "left_stim/left_block";
        }
        js["bistable_concordant"] = n_stable == 2 && rr && ll;
      }
      out.arrays.push_back(std::move(states));
      out.arrays.push_back(std::move(eig));
      S["fixed_points"][c.name] = js;
      S["dynamics"][c.name] = dynamics_json(label_dynamics(*map, c.x, set, slow_sets[ci], visited, median_step),
                                            H, P2, axes, w_block, defs.paper2020.block_full);
      if (c.name == "no_stimulus") {
        // The slow manifold by relaxation (eq. A13a) with the speed scale from the data.
        const FixedPointSet& slow = slow_sets[ci];
        ArrayOutput slow_states{"slow_points/no_stimulus_states.npy",
                                {slow.points.size(), std::size_t(n_state)}, {}};
        ArrayOutput slow_eig{"slow_points/no_stimulus_max_abs_eigenvalue.npy",
                             {slow.points.size()}, {}};
        for (const auto& p : slow.points) {
          slow_states.data.insert(slow_states.data.end(), p.h.data(), p.h.data() + n_state);
          slow_eig.data.push_back(p.max_abs_eigenvalue);
        }
        out.arrays.push_back(std::move(slow_states));
        out.arrays.push_back(std::move(slow_eig));
        // Characterise on the hidden part of the state (eq. A13).
        FixedPointSet hs = slow;
        for (auto& p : hs.points) {
          p.h = p.h.head(H).eval();
          Eigen::VectorXd v = p.lead_direction.head(H);
          p.lead_direction = v.norm() > 0 ? Eigen::VectorXd(v.normalized()) : v;
        }
        const LineAttractor la =
            characterise_line_attractor(hs, w_block, w_stim, config.line_attractor_lambda);
        nlohmann::json lj = {{"speed_tol", speed_tol},
                             {"n_starts", slow.n_starts},
                             {"n_relaxed", slow.n_fixed + slow.n_slow},
                             {"n_points", la.n_points},
                             {"n_marginal", la.n_marginal},
                             {"extent", la.extent},
                             {"fraction_1d", la.fraction_1d},
                             {"lambda_lead_median", la.lambda_lead_median},
                             {"lambda_lead_min", la.lambda_lead_min},
                             {"lambda_lead_max", la.lambda_lead_max},
                             {"alignment_block", la.alignment_block},
                             {"angle_block_deg", la.angle_block_deg},
                             {"alignment_stimulus", la.alignment_stimulus},
                             {"eigvec_alignment_block", la.eigvec_alignment_block}};
        if (la.n_points >= 2) {
          // The extent in task coordinates: range of the points' block and stimulus coordinates.
          double qb_lo = 1e300, qb_hi = -1e300, qs_lo = 1e300, qs_hi = -1e300;
          for (const auto& p : hs.points) {
            const Eigen::Vector2d z = P2.transpose() * (p.h - pca.mean);
            qs_lo = std::min(qs_lo, axes.stimulus.dot(z));
            qs_hi = std::max(qs_hi, axes.stimulus.dot(z));
            qb_lo = std::min(qb_lo, axes.block.dot(z));
            qb_hi = std::max(qb_hi, axes.block.dot(z));
          }
          // The direction inside the plane against the in-plane block axis (angle in [0, 90]).
          const Eigen::Vector2d e2 = P2.transpose() * la.direction;
          if (e2.norm() > 0) {
            const double c2 = std::min(1.0, std::fabs(e2.normalized().dot(axes.block)));
            lj["angle_block_plane_deg"] = std::acos(c2) * 180.0 / 3.14159265358979323846;
            lj["direction_in_plane_fraction"] = e2.norm();
          }
          lj["q_block_range"] = {qb_lo, qb_hi};
          lj["q_stim_range"] = {qs_lo, qs_hi};
          const double visited = Q.row(1).maxCoeff() - Q.row(1).minCoeff();
          lj["q_block_coverage"] = visited > 0 ? (qb_hi - qb_lo) / visited : 0.0;
        }
        lj["is_line_attractor"] = la.n_points >= 2 && la.fraction_1d > 0.9 &&
                                  la.lambda_lead_median >= config.line_attractor_lambda;
        S["line_attractor"] = lj;
      }
    }
    out.tables.push_back(std::move(tab));
    timing["fixed_points"] = elapsed();
  } else {
    S["fixed_points"] = nullptr;
    S["line_attractor"] = nullptr;
    S["dynamics"] = nullptr;
    if (!rec.map) S["notes"].push_back("flow fields (probed) and fixed points skipped: no model");
  }

  // ---- 10. unit pools (eq. A15–A16) ----
  report("unit pools", 6);
  const UnitPools pools = find_unit_pools(rec.hidden, rec.W_rec, w_stim);
  S["pools"] = {
      {"size", {pools.size[0], pools.size[1]}},
      {"mean_weight_within_a", pools.mean_weight[0][0]},
      {"mean_weight_within_b", pools.mean_weight[1][1]},
      {"mean_weight_a_to_b", pools.mean_weight[1][0]},
      {"mean_weight_b_to_a", pools.mean_weight[0][1]},
      {"mean_correlation_within_a", pools.mean_correlation[0][0]},
      {"mean_correlation_within_b", pools.mean_correlation[1][1]},
      {"mean_correlation_between", pools.mean_correlation[0][1]},
      {"self_excitation", pools.mean_weight[0][0] > 0 && pools.mean_weight[1][1] > 0},
      {"mutual_inhibition", pools.mean_weight[1][0] < 0 && pools.mean_weight[0][1] < 0},
      {"anticorrelated", pools.mean_correlation[0][1] < 0}};
  out.arrays.push_back(matrix_array("pools/correlation.npy", pools.correlation));
  out.arrays.push_back(matrix_array("pools/correlation_reordered.npy", pools.correlation_reordered));
  out.arrays.push_back(matrix_array("pools/W_rec_reordered.npy", pools.W_rec_reordered));
  out.arrays.push_back(matrix_array("pools/linkage.npy", pools.linkage.merges));
  out.arrays.push_back({"pools/order.npy", {std::size_t(H)},
                        std::vector<double>(pools.order.begin(), pools.order.end())});
  out.arrays.push_back({"pools/pool.npy", {std::size_t(H)},
                        std::vector<double>(pools.pool.begin(), pools.pool.end())});
  timing["pools"] = elapsed();

  // ---- arrays of the geometry ----
  out.arrays.push_back(vector_array("pca/explained.npy", pca.explained));
  out.arrays.push_back(vector_array("pca/mean.npy", pca.mean));
  out.arrays.push_back(samples_array("pca/components.npy", pca.components));
  Eigen::MatrixXd readouts(H, 2);
  readouts << w_stim, w_block;
  out.arrays.push_back(samples_array("readouts.npy", readouts));
  Eigen::Matrix2d plane_axes;
  plane_axes << axes.stimulus, axes.block;
  out.arrays.push_back(samples_array("readouts_plane.npy", plane_axes));
  out.arrays.push_back(samples_array("step_pc.npy", Z));
  report("done", n_stages);
  timing["total"] = elapsed();
  S["timing_s"] = timing;
  return out;
}

}  // namespace iblrnn
