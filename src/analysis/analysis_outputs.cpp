// The .npy arrays and CSV tables of an analysis folder, from the typed result; paths and CSV
// columns come from the declarations (analysis_files.hpp).
#include <charconv>
#include <cmath>

#include "iblrnn/analysis/analysis_files.hpp"

using namespace iblrnn::io;

namespace iblrnn::analysis {
namespace {

namespace files = analysis_files;

std::string num(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string text(long v) { return std::to_string(v); }

TableOutput table(const OutputFile& f) { return {f.path, f.columns, {}}; }

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

ArrayOutput int_array(const std::string& name, const std::vector<int>& v) {
  return {name, {v.size()}, std::vector<double>(v.begin(), v.end())};
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

void add_trial_tables(AnalysisOutputs& out, const AnalysisResult& r, const NetworkRecording& rec) {
  const TrialEnds& e = r.trial_ends;
  TableOutput ends = table(files::trial_ends);
  ends.rows.reserve(r.n_trials);
  for (Eigen::Index i = 0; i < r.n_trials; ++i)
    ends.rows.push_back({text(i), text(rec.session[i]), text(rec.block[i]),
                         text(rec.trial_in_block[i]), text(rec.block_side[i]),
                         text(rec.stim_side[i]), num(rec.signal[i]),
                         rec.choice.empty() ? "" : text(rec.choice[i]), num(e.z(0, i)),
                         num(e.z(1, i)), num(e.q(0, i)), num(e.q(1, i)), num(e.p_right_block(i)),
                         rec.bayes_block_right.size() ? num(rec.bayes_block_right(i)) : ""});
  out.tables.push_back(std::move(ends));
  TableOutput traj = table(files::trajectories);
  const Eigen::MatrixXd &Z = r.plane.z, &Q = r.plane.q;
  for (const TrajectoryBlock& b : e.trajectories)
    for (Eigen::Index tr = b.first; tr < b.end; ++tr)
      for (Eigen::Index t = rec.first_step[tr]; t <= e.step[tr]; ++t)
        traj.rows.push_back({text(t), text(tr), text(rec.session[tr]), text(rec.block[tr]),
                             text(b.side), text(rec.trial_in_block[tr]), text(rec.step_k[t]),
                             num(Z(0, t)), num(Z(1, t)), num(Q(0, t)), num(Q(1, t))});
  out.tables.push_back(std::move(traj));
}

void add_velocity_and_belief(AnalysisOutputs& out, const AnalysisResult& r) {
  TableOutput vel = table(files::evidence_velocity);
  for (const VelocityBin& b : r.velocity.bins)
    vel.rows.push_back({num(b.d_lo), num(b.d_hi), num(b.n), num(b.dq_stim_mean),
                        num(b.dq_stim_sem), num(b.dq_block_mean), num(b.dq_block_sem)});
  out.tables.push_back(std::move(vel));
  if (!r.block_belief) return;
  TableOutput bb = table(files::block_belief_by_trial);
  for (const auto& row : r.block_belief->by_trial)
    bb.rows.push_back({text(row.block_side), text(row.trial_in_block), text(row.n),
                       num(row.q_block_mean), num(row.q_block_sem), num(row.bayes_mean)});
  out.tables.push_back(std::move(bb));
}

void add_flow(AnalysisOutputs& out, const FlowAnalysis& flow) {
  out.arrays.push_back(vector_array(files::flow_grid_pc1.path, flow.grid.a));
  out.arrays.push_back(vector_array(files::flow_grid_pc2.path, flow.grid.b));
  for (const ConditionFlow& c : flow.conditions) {
    const std::string& input = c.condition.name;
    out.arrays.push_back(flow_array(file_path(files::flow_empirical, "input", input), c.empirical));
    out.arrays.push_back(matrix_array(file_path(files::flow_count, "input", input), c.empirical.count));
    if (c.probed)
      out.arrays.push_back(flow_array(file_path(files::flow_probed, "input", input), *c.probed));
  }
}

// Points' states as (P, S) in C order.
ArrayOutput states_array(const std::string& name, const FixedPointSet& set, int n_state) {
  ArrayOutput a{name, {set.points.size(), std::size_t(n_state)}, {}};
  for (const auto& p : set.points) a.data.insert(a.data.end(), p.h.data(), p.h.data() + n_state);
  return a;
}

void add_fixed_points(AnalysisOutputs& out, const DynamicsAnalysis& d) {
  TableOutput tab = table(files::fixed_points_table);
  for (const ConditionDynamics& c : d.conditions) {
    const std::string& input = c.condition.name;
    const auto np = c.fixed.points.size();
    ArrayOutput eig{file_path(files::fixed_point_eigenvalues, "input", input),
                    {np, std::size_t(d.n_state), 2}, {}};
    for (std::size_t k = 0; k < np; ++k) {
      const auto& p = c.fixed.points[k];
      const PlanePoint& pp = c.in_plane[k];
      tab.rows.push_back({input, text(long(k)), p.is_fixed ? "fixed" : "slow", num(p.q),
                          text(int(p.stable)), num(p.max_abs_eigenvalue), num(pp.z(0)),
                          num(pp.z(1)), num(pp.q(0)), num(pp.q(1)), text(p.n_merged)});
      for (Eigen::Index e = 0; e < p.eigenvalues.size(); ++e) {
        eig.data.push_back(p.eigenvalues(e).real());
        eig.data.push_back(p.eigenvalues(e).imag());
      }
    }
    out.arrays.push_back(states_array(file_path(files::fixed_point_states, "input", input), c.fixed, d.n_state));
    out.arrays.push_back(std::move(eig));
    if (input != "no_stimulus") continue;
    out.arrays.push_back(states_array(files::slow_point_states.path, c.slow, d.n_state));
    ArrayOutput lead{files::slow_point_max_abs_eigenvalue.path, {c.slow.points.size()}, {}};
    for (const auto& p : c.slow.points) lead.data.push_back(p.max_abs_eigenvalue);
    out.arrays.push_back(std::move(lead));
  }
  out.tables.push_back(std::move(tab));
}

void add_pools(AnalysisOutputs& out, const UnitPools& pools) {
  out.arrays.push_back(matrix_array(files::pools_correlation.path, pools.correlation));
  out.arrays.push_back(matrix_array(files::pools_correlation_reordered.path, pools.correlation_reordered));
  out.arrays.push_back(matrix_array(files::pools_W_rec_reordered.path, pools.W_rec_reordered));
  out.arrays.push_back(matrix_array(files::pools_linkage.path, pools.linkage.merges));
  out.arrays.push_back(int_array(files::pools_order.path, pools.order));
  out.arrays.push_back(int_array(files::pools_pool.path, pools.pool));
}

void add_geometry(AnalysisOutputs& out, const RepresentationPlane& p) {
  out.arrays.push_back(vector_array(files::pca_explained.path, p.pca.explained));
  out.arrays.push_back(vector_array(files::pca_mean.path, p.pca.mean));
  out.arrays.push_back(samples_array(files::pca_components.path, p.pca.components));
  Eigen::MatrixXd readouts(p.w_stim.size(), 2);
  readouts << p.w_stim, p.w_block;
  out.arrays.push_back(samples_array(files::readouts.path, readouts));
  Eigen::Matrix2d plane_axes;
  plane_axes << p.axes.stimulus, p.axes.block;
  out.arrays.push_back(samples_array(files::readouts_plane.path, plane_axes));
  out.arrays.push_back(samples_array(files::step_pc.path, p.z));
}

}  // namespace

std::string csv_text(const TableOutput& table) {
  std::string text;
  for (std::size_t c = 0; c < table.columns.size(); ++c) (text += c ? "," : "") += table.columns[c];
  text += '\n';
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) (text += c ? "," : "") += row[c];
    text += '\n';
  }
  return text;
}

AnalysisOutputs analysis_outputs(const AnalysisResult& r, const NetworkRecording& rec) {
  AnalysisOutputs out;
  add_velocity_and_belief(out, r);
  add_trial_tables(out, r, rec);
  add_flow(out, r.flow);
  if (r.dynamics) add_fixed_points(out, *r.dynamics);
  add_pools(out, r.pools);
  add_geometry(out, r.plane);
  return out;
}

}  // namespace iblrnn::analysis
