#include "iblrnn/distill/teacher_portrait.hpp"

#include <Eigen/Dense>
#include <algorithm>

#include "iblrnn/analysis/fixed_points.hpp"
#include "iblrnn/analysis/network_step_map.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::rnn;

namespace iblrnn::distill {
namespace {

// The starts of the teacher's fixed-point search (S × n): visited states evenly spaced in
// time, then the lifted grid of the RADD plane when `lift`.
Eigen::MatrixXd teacher_starts(const Eigen::MatrixXd& states, int n_starts,
                               const RaddProjection* projection, bool lift, int n_grid) {
  const int n_visited = std::min<int>(n_starts, static_cast<int>(states.cols()));
  const int n_side = lift ? n_grid : 0;
  Eigen::MatrixXd starts(states.rows(), n_visited + n_side * n_side);
  for (int i = 0; i < n_visited; ++i)
    starts.col(i) = states.col(static_cast<Eigen::Index>(
        (static_cast<double>(i) + 0.5) / n_visited * static_cast<double>(states.cols())));
  if (lift) {
    const Eigen::MatrixXd& P = projection->P;
    const Eigen::MatrixXd pinv = P.transpose() * (P * P.transpose()).inverse();
    const Eigen::VectorXd axis =
        n_side == 1 ? Eigen::VectorXd::Zero(1)
                    : Eigen::VectorXd(Eigen::VectorXd::LinSpaced(n_side, -0.95, 0.95));
    for (int i = 0; i < n_side; ++i)
      for (int j = 0; j < n_side; ++j)
        starts.col(n_visited + i * n_side + j) =
            projection->mean +
            pinv * Eigen::Vector2d(axis(i), axis(j)).cwiseProduct(projection->scale);
  }
  return starts;
}

}  // namespace

TeacherPortrait teacher_portrait(const Network& teacher, const NetworkRecording& rec,
                                 const AnalysisConfig& analysis, const RaddProjection* projection,
                                 int n_grid) {
  TeacherPortrait out;
  const int S = teacher.state_size();
  Eigen::MatrixXd states;
  if (S == rec.hidden.rows()) {
    states = rec.hidden;
  } else if (rec.cell.rows() == rec.hidden.rows() && rec.cell.cols() == rec.hidden.cols()) {
    states.resize(S, rec.hidden.cols());
    states << rec.hidden, rec.cell;
  } else {
    out.skipped = "the evaluation has no cell states (cell.npy) for this LSTM";
    return out;
  }
  const bool lift = projection && projection->P.rows() == 2 && S == rec.hidden.rows();
  const Eigen::MatrixXd starts =
      teacher_starts(states, analysis.n_fixed_point_starts, projection, lift, n_grid);
  FixedPointOptions fopt;
  fopt.max_iter = analysis.fixed_point_max_iter;
  fopt.q_tol = analysis.fixed_point_q_tol;
  fopt.slow_q_max = analysis.slow_point_q_max;
  fopt.dedup = analysis.fixed_point_dedup;
  const NetworkStepMap map(teacher);
  for (const auto& input : portrait_inputs()) {
    const FixedPointSet set = find_fixed_points(map, input.x, starts, fopt);
    TeacherInputPortrait p;
    p.input = input.name;
    p.n_slow = set.n_slow;
    for (const auto& f : set.points) {
      if (!f.is_fixed) continue;
      TeacherPoint t;
      t.kind = fixed_point_kind(f.eigenvalues);
      t.max_abs_eigenvalue = f.max_abs_eigenvalue;
      if (projection)
        t.z_radd = Eigen::VectorXd(projection->apply(f.h.head(rec.hidden.rows())).col(0));
      ++p.signature[t.kind];
      p.points.push_back(std::move(t));
    }
    out.by_input.push_back(std::move(p));
  }
  return out;
}

PortraitComparison compare_portraits(const TeacherPortrait& teacher,
                                     const std::map<std::string, ModelPortrait>& models) {
  PortraitComparison out;
  if (!teacher.skipped.empty()) return out;
  std::vector<std::map<std::string, int>> reference;
  for (const auto& p : teacher.by_input) reference.push_back(p.signature);
  for (const auto& [name, model] : models) {
    if (model.by_input.empty()) continue;
    std::vector<std::map<std::string, int>> signatures;
    for (const auto& p : model.by_input) signatures.push_back(p.signature);
    out.keeps_teacher_portrait[name] = same_signatures(signatures, reference);
  }
  const auto radd = models.find("radd");
  if (radd == models.end() || radd->second.by_input.empty()) return out;
  std::vector<std::vector<double>> distances;
  for (std::size_t i = 0; i < teacher.by_input.size(); ++i) {
    std::vector<Eigen::VectorXd> located;
    for (const auto& t : teacher.by_input[i].points)
      if (t.z_radd) located.push_back(*t.z_radd);
    distances.push_back(nearest_point_distances(located, radd->second.by_input[i].points));
  }
  out.radd_distance_to_teacher_points = std::move(distances);
  return out;
}

}  // namespace iblrnn::distill
