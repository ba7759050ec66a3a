// The whole analysis on a hand-built network with a known geometry (constructed_network.hpp):
// the plane, the readouts, the velocities, the pools and the adapters are checked against
// what the construction implies; and the adapters against the vanilla map and central
// differences.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "constructed_network.hpp"
#include "iblrnn/analysis/analysis_files.hpp"
#include "iblrnn/analysis/analysis_schema.hpp"
#include "iblrnn/analysis/analysis_summary.hpp"
#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/analysis/network_step_map.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::rnn;
using namespace iblrnn::task;


namespace {
// The analysis of the constructed network: the typed result, its summary.json and its files.
struct Analysed {
  NetworkRecording rec;
  AnalysisResult result;
  nlohmann::json summary;
  AnalysisOutputs outputs;
  const std::vector<ArrayOutput>& arrays() const { return outputs.arrays; }
  const std::vector<TableOutput>& tables() const { return outputs.tables; }
};

const Analysed& shared_analysis() {
  static const Analysed a = [] {
    static const Network net = iblrnn::constructed::constructed_network(20);
    static const NetworkStepMap map(net);
    RunRecord run;
    Analysed out;
    out.rec = iblrnn::constructed::play_recording(net, 30, 3, run);
    out.rec.map = &map;
    // A stand-in observer: β(right) from the true block side, softened.
    out.rec.bayes_block_right.resize(Eigen::Index(out.rec.block_side.size()));
    for (std::size_t i = 0; i < out.rec.block_side.size(); ++i)
      out.rec.bayes_block_right(Eigen::Index(i)) = out.rec.block_side[i] > 0 ? 0.8 : 0.2;
    AnalysisConfig config;
    config.n_fixed_point_starts = 16;
    config.n_grid = 9;
    out.result = analyze_network(out.rec, config);
    out.summary = analysis_summary_json(out.result);
    out.outputs = analysis_outputs(out.result, out.rec);
    return out;
  }();
  return a;
}
}  // namespace

TEST(NetworkAnalysis, PlaneHoldsTheConstructedReadout) {
  const auto& s = shared_analysis().summary;
  // Activity is a function of two latents along s and t, so two PCs hold nearly all variance
  // and the stimulus readout (∝ s) lies in their plane.
  EXPECT_GT(s["pca_variance_explained_pc12"].get<double>(), 0.95);
  EXPECT_GT(s["readout_in_plane_fraction"].get<double>(), 0.95);
  EXPECT_EQ(s["pca_variance_explained"].size(), 20u);
  EXPECT_GT(s["block_decoder_accuracy_full"].get<double>(), 0.55);
  EXPECT_NEAR(s["block_decoder_accuracy_full"].get<double>(),
              s["block_decoder_accuracy_pca"].get<double>(), 0.05);
}

TEST(NetworkAnalysis, ReadoutAngleIsTheConstructedOne) {
  // Unit i follows tanh(s_i A + t_i B) with ±1 patterns s ⊥ t (constructed_network.hpp), so
  // the states span {s, t}: the stimulus readout is ∝ s exactly, the block latent B lies along
  // t (right block: B > 0), and to first order in A, B the decoder that ignores the stimulus
  // latent is ∝ t, at 90° from s; tanh's curvature tilts it by a few degrees.
  const auto& a = shared_analysis();
  const int H = 20;
  Eigen::VectorXd sp(H), tp(H);
  for (int i = 0; i < H; ++i) {
    sp(i) = i % 2 == 0 ? 1.0 : -1.0;
    tp(i) = (i / 2) % 2 == 0 ? 1.0 : -1.0;
  }
  // readouts.npy: rows w_s, unit w_block.
  const ArrayOutput* readouts = nullptr;
  for (const auto& arr : a.arrays())
    if (arr.name == "readouts.npy") readouts = &arr;
  ASSERT_NE(readouts, nullptr);
  ASSERT_EQ(readouts->shape, (std::vector<std::size_t>{2, std::size_t(H)}));
  const Eigen::Map<const Eigen::VectorXd> w_s(readouts->data.data(), H);
  const Eigen::Map<const Eigen::VectorXd> w_b(readouts->data.data() + H, H);
  EXPECT_NEAR(w_s.dot(sp) / (w_s.norm() * sp.norm()), 1.0, 1e-12);
  EXPECT_GT(w_b.dot(tp) / tp.norm(), 0.99);
  const double cos_sb = w_s.dot(w_b) / w_s.norm();
  const double angle = a.summary["readout_angle_full_deg"].get<double>();
  EXPECT_NEAR(angle, std::acos(cos_sb) * 180.0 / M_PI, 1e-9);
  EXPECT_NEAR(angle, 90.0, 5.0);
  // The states are rank 2, so the decoder lies in the PC plane and the full, plane and
  // projected angles coincide.
  EXPECT_NEAR(a.summary["block_readout_in_plane_fraction"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(a.summary["readout_angle_pca_deg"].get<double>(), angle, 1e-6);
  EXPECT_NEAR(a.summary["readout_angle_projected_deg"].get<double>(), angle, 1e-6);
}

TEST(NetworkAnalysis, SummaryMatchesItsSchema) {
  const auto mismatch = check_summary(analysis_summary_schema(), shared_analysis().summary);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
}

TEST(NetworkAnalysis, StimulusMovesFasterThanBlock) {
  const auto& s = shared_analysis().summary;
  const double ks = s["slope_stimulus"]["slope"].get<double>();
  const double kb = s["slope_block"]["slope"].get<double>();
  EXPECT_GT(ks, 0.0);
  EXPECT_GT(ks, 2.0 * std::fabs(kb));
  EXPECT_LT(s["slope_stimulus"]["p"].get<double>(), 1e-5);
  EXPECT_GT(s["block_belief_scale"]["scale"].get<double>(), 0.0);
}

TEST(NetworkAnalysis, PoolsFollowTheStimulusPattern) {
  const auto& a = shared_analysis();
  const auto& p = a.summary["pools"];
  EXPECT_EQ(p["size"][0].get<int>(), 10);
  EXPECT_EQ(p["size"][1].get<int>(), 10);
  EXPECT_TRUE(p["anticorrelated"].get<bool>());
  // Pool A = units with s = +1 (even units), which excite each other: W = (a_ss + ...)/H.
  for (const auto& arr : a.arrays())
    if (arr.name == "pools/pool.npy")
      for (int i = 0; i < 20; ++i) EXPECT_EQ(arr.data[i], i % 2 == 0 ? 0.0 : 1.0) << i;
  EXPECT_TRUE(p["self_excitation"].get<bool>());
  EXPECT_TRUE(p["mutual_inhibition"].get<bool>());
}

TEST(NetworkAnalysis, DynamicsAndOutputsAreComplete) {
  const auto& a = shared_analysis();
  const auto& s = a.summary;
  for (const char* c : {"left", "equal", "right", "negative_feedback", "no_stimulus",
                        "positive_feedback"}) {
    ASSERT_TRUE(s["fixed_points"].contains(c)) << c;
    EXPECT_EQ(s["fixed_points"][c]["n_starts"].get<int>(), 16);
    EXPECT_GE(s["fixed_points"][c]["n_points"].get<int>(), 1) << c;
  }
  ASSERT_TRUE(s.contains("line_attractor"));
  EXPECT_GT(s["line_attractor"]["lambda_lead_max"].get<double>(), 0.5);
  std::set<std::string> names;
  for (const auto& arr : a.arrays()) {
    names.insert(arr.name);
    std::size_t n = 1;
    for (auto d : arr.shape) n *= d;
    EXPECT_EQ(n, arr.data.size()) << arr.name;
  }
  for (const char* f : {"flow/left_probed.npy", "flow/left_empirical.npy", "flow/grid_pc1.npy",
                        "fixed_points/no_stimulus_states.npy", "pools/W_rec_reordered.npy",
                        "pca/components.npy", "step_pc.npy"})
    EXPECT_TRUE(names.count(f)) << f;
  for (const auto& t : a.tables())
    for (const auto& row : t.rows) ASSERT_EQ(row.size(), t.columns.size()) << t.name;
}

TEST(NetworkAnalysis, RejectsInconsistentRecording) {
  RunRecord run;
  const Network net = iblrnn::constructed::constructed_network(8);
  NetworkRecording rec = iblrnn::constructed::play_recording(net, 2, 1, run);
  rec.step_k.pop_back();
  EXPECT_THROW(analyze_network(rec, AnalysisConfig{}), InvalidInput);
  AnalysisConfig bad;
  bad.n_grid = 0;
  EXPECT_THROW(analyze_network(iblrnn::constructed::play_recording(net, 2, 1, run), bad), InvalidInput);
}

TEST(NetworkStepMap, MatchesVanillaMapAndCentralDifferences) {
  const Network net = iblrnn::constructed::constructed_network(6);
  Network n2 = net;
  n2.b_ih.setConstant(0.1);
  n2.b_hh.setConstant(-0.3);
  const NetworkStepMap map(n2);
  const VanillaStepMap ref(n2.W_hh, n2.W_ih, n2.b_ih + n2.b_hh);
  Eigen::VectorXd h(6);
  h << 0.1, -0.2, 0.3, 0.5, -0.6, 0.05;
  const Eigen::Vector3d x(0.4, 1.3, -0.05);
  EXPECT_LT((map.step(h, x) - ref.step(h, x)).norm(), 1e-14);
  EXPECT_LT((map.jacobian(h, x) - ref.jacobian(h, x)).norm(), 1e-14);
  EXPECT_TRUE(recurrent_matrix(n2).isApprox(n2.W_hh));
  for (const char* arch : {"gru", "lstm"}) {
    NetworkConfig nc;
    nc.arch = parse_choice<Arch>(arch, "test", "arch");
    nc.n_hidden = 4;
    const Network g = Network::init(nc, 5);
    const NetworkStepMap gm(g);
    Eigen::VectorXd s = Eigen::VectorXd::LinSpaced(gm.n_state(), -0.5, 0.5);
    EXPECT_LT((gm.jacobian(s, x) - numerical_jacobian(gm, s, x)).cwiseAbs().maxCoeff(), 1e-8)
        << arch;
    EXPECT_EQ(recurrent_matrix(g).rows(), 4);
    EXPECT_TRUE(recurrent_matrix(g).isApprox(g.W_hh.middleRows(8, 4))) << arch;
  }
}

namespace {
std::vector<std::string> written_names(const AnalysisOutputs& o) {
  std::vector<std::string> names{analysis_files::summary.path, analysis_files::config.path};
  for (const auto& arr : o.arrays) names.push_back(arr.name);
  for (const auto& t : o.tables) names.push_back(t.name);
  return names;
}
}  // namespace

TEST(NetworkAnalysis, WrittenFilesAreTheDeclaredOnes) {
  const auto& a = shared_analysis();
  const FileMismatch m = check_files(analysis_file_schema(), written_names(a.outputs));
  EXPECT_TRUE(m.ok()) << m.describe();
  // With a model every declared file is written, optional ones included.
  std::size_t n_declared = 0;
  for (const OutputFile* f : analysis_file_schema().files)
    n_declared += expanded_paths(analysis_file_schema(), *f).size();
  EXPECT_EQ(written_names(a.outputs).size(), n_declared);
  // CSV headers are the declared columns.
  for (const auto& t : a.tables()) {
    const OutputFile* decl = nullptr;
    for (const OutputFile* f : analysis_file_schema().files)
      if (f->path == t.name) decl = f;
    ASSERT_NE(decl, nullptr) << t.name;
    EXPECT_EQ(t.columns, decl->columns) << t.name;
  }
}

TEST(NetworkAnalysis, WithoutModelOrObserverOnlyOptionalFilesAreLeftOut) {
  RunRecord run;
  const Network net = iblrnn::constructed::constructed_network(8);
  const NetworkRecording rec = iblrnn::constructed::play_recording(net, 12, 2, run);
  const AnalysisResult r = analyze_network(rec, AnalysisConfig{});
  EXPECT_FALSE(r.dynamics.has_value());
  EXPECT_FALSE(r.block_belief.has_value());
  const AnalysisOutputs o = analysis_outputs(r, rec);
  const FileMismatch m = check_files(analysis_file_schema(), written_names(o));
  EXPECT_TRUE(m.ok()) << m.describe();
  const nlohmann::json s = analysis_summary_json(r);
  EXPECT_TRUE(s["fixed_points"].is_null());
  EXPECT_EQ(s["notes"].size(), 2u);
  const auto mismatch = check_summary(analysis_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
}
