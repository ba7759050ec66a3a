#include "iblrnn/analysis/representation_plane.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

// The held-out split of the steps of biased blocks (eq. A4) and their labels (1: right block).
struct DecoderSteps {
  std::vector<Eigen::Index> train, test;
  Eigen::VectorXd y_train, y_test;
};

DecoderSteps split_biased_steps(const NetworkRecording& rec, const AnalysisConfig& config) {
  const Eigen::Index N = rec.n_steps_total();
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
  DecoderSteps s;
  for (auto i : split.train) s.train.push_back(used[i]);
  for (auto i : split.test) s.test.push_back(used[i]);
  s.y_train = take_entries(y_used, split.train);
  s.y_test = take_entries(y_used, split.test);
  return s;
}

// The decoders, and the PCA oriented by SPEC §5.2 with the steps' plane coordinates.
void fit_decoders_and_orient(const NetworkRecording& rec, const AnalysisConfig& config,
                             RepresentationPlane& p) {
  const DecoderSteps s = split_biased_steps(rec, config);
  LogisticOptions lopt;
  lopt.ridge = config.logistic_ridge;
  BlockDecoders& dec = p.decoders;
  {
    const Eigen::MatrixXd X_train = take_columns(rec.hidden, s.train);
    dec.full = fit_logistic(X_train, s.y_train, lopt);
    dec.train_accuracy_full = dec.full.accuracy(X_train, s.y_train);
  }
  dec.accuracy_full = dec.full.accuracy(take_columns(rec.hidden, s.test), s.y_test);
  require(dec.full.w.norm() > 0, "analyze_network", "block decoder weights", "must be non-zero",
          0);
  p.w_block = dec.full.w.normalized();
  // Sign convention of SPEC §5.2: PC1 along the stimulus readout; PC2 along the block readout
  // of the plane, i.e. the 2-D decoder's weight (the full-state weight can lie mostly outside
  // the plane). A logistic fit is equivariant under flipping one feature's sign.
  p.flipped_pc1 = orient_plane(p.pca, p.w_stim, p.pca.components.col(1)) & 1;
  p.z = p.pca.project_states(rec.hidden, 2);
  dec.plane = fit_logistic(take_columns(p.z, s.train), s.y_train, lopt);
  if (dec.plane.w(1) < 0) {
    p.pca.flip(1);
    p.z.row(1) *= -1.0;
    dec.plane.w(1) *= -1.0;
    p.flipped_pc2 = true;
  }
  dec.train_accuracy_plane = dec.plane.accuracy(take_columns(p.z, s.train), s.y_train);
  dec.accuracy_plane = dec.plane.accuracy(take_columns(p.z, s.test), s.y_test);
  dec.n_train = s.train.size();
  dec.n_test = s.test.size();
}

ReadoutAngles readout_angles(const RepresentationPlane& p, const NetworkRecording& rec,
                             const AnalysisConfig& config) {
  const Eigen::MatrixXd P2 = p.plane();
  ReadoutAngles a;
  a.readout = config.readout;
  a.in_plane_fraction = in_plane_fraction(p.w_stim, P2);
  a.block_in_plane_fraction = in_plane_fraction(p.w_block, P2);
  const Eigen::Vector2d stim_plane = P2.transpose() * p.w_stim;
  const Eigen::Vector2d block_plane_proj = P2.transpose() * p.w_block;
  a.full_deg = angle_deg(p.w_stim, p.w_block);
  a.plane_deg = angle_deg(stim_plane, p.decoders.plane.w);
  a.projected_deg = angle_deg(stim_plane, block_plane_proj);
  // Both definitions of the readout geometry side by side (SPEC §5.3–5.4; eq. A3b–A4c).
  a.definitions = compare_readout_definitions(p.pca, rec.W_out, config.readout,
                                              p.decoders.full.w, p.decoders.plane.w);
  return a;
}

}  // namespace

RepresentationPlane fit_representation_plane(const NetworkRecording& rec,
                                             const AnalysisConfig& config) {
  RepresentationPlane p;
  p.pca = fit_pca(rec.hidden);
  p.w_stim = stimulus_readout(rec.W_out, config.readout);
  fit_decoders_and_orient(rec, config, p);
  p.angles = readout_angles(p, rec, config);
  // Task-aligned coordinates (eq. A9).
  const Eigen::Vector2d stim_plane = p.plane().transpose() * p.w_stim;
  p.axes = TaskAxes{unit_in_plane(stim_plane, "stimulus readout"),
                    unit_in_plane(p.decoders.plane.w, "2-D block decoder weights")};
  p.q = task_coordinates(p.axes, p.z);
  return p;
}

}  // namespace iblrnn::analysis
