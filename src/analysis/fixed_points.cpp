#include "iblrnn/analysis/fixed_points.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

void validate_options(const FixedPointOptions& o) {
  const std::string w = "FixedPointOptions";
  require(o.max_iter >= 1, w, "max_iter", "must be >= 1", o.max_iter);
  require(o.q_tol > 0.0, w, "q_tol", "must be > 0", o.q_tol);
  require(o.slow_q_max >= o.q_tol, w, "slow_q_max", "must be >= q_tol", o.slow_q_max);
  require(o.dedup > 0.0, w, "dedup", "must be > 0", o.dedup);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

}  // namespace

QMinimum minimize_q(const StepMap& map, const Eigen::Vector3d& x, const Eigen::VectorXd& h0,
                    const FixedPointOptions& options) {
  const int s = map.n_state();
  require(h0.size() == s, "minimize_q", "h0 size", "must equal the map's state size", h0.size());
  QMinimum m;
  m.h = h0;
  Eigen::VectorXd r = map.step(m.h, x) - m.h;
  m.q = 0.5 * r.squaredNorm();
  // Levenberg–Marquardt on r(h) = F(h) − h: (JᵀJ + μ I) δ = −Jᵀr with J = J_F − I (eq. A12).
  double mu = -1.0;
  const Eigen::MatrixXd eye = Eigen::MatrixXd::Identity(s, s);
  for (int it = 0; it < options.max_iter && m.q >= options.q_tol; ++it) {
    m.n_iter = it + 1;
    const Eigen::MatrixXd J = map.jacobian(m.h, x) - eye;
    const Eigen::MatrixXd A = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    if (mu < 0) mu = 1e-6 * std::max(1e-12, A.diagonal().maxCoeff());
    // A vanishing gradient with q above tolerance is a local minimum of q (a slow point).
    if (g.norm() < 1e-15 * std::max(1.0, std::sqrt(2.0 * m.q))) break;
    bool accepted = false;
    for (int k = 0; k < 30; ++k) {
      Eigen::MatrixXd M = A;
      M.diagonal().array() += mu;
      const Eigen::VectorXd delta = -M.ldlt().solve(g);
      const Eigen::VectorXd h_new = m.h + delta;
      const Eigen::VectorXd r_new = map.step(h_new, x) - h_new;
      const double q_new = 0.5 * r_new.squaredNorm();
      if (std::isfinite(q_new) && q_new < m.q) {
        m.h = h_new;
        r = r_new;
        m.q = q_new;
        mu = std::max(mu / 3.0, 1e-15);
        accepted = true;
        break;
      }
      mu *= 4.0;
    }
    if (!accepted) break;  // no decrease possible: a (numerical) local minimum
  }
  m.converged = m.q < options.q_tol;
  return m;
}

namespace {

// Merges points closer than options.dedup (lowest q first) and linearises each.
void merge_and_linearise(const StepMap& map, const Eigen::Vector3d& x, std::vector<QMinimum> kept,
                         const FixedPointOptions& options, FixedPointSet& set);

}  // namespace

FixedPointSet relax_to_slow_points(const StepMap& map, const Eigen::Vector3d& x,
                                   const Eigen::Ref<const Eigen::MatrixXd>& starts,
                                   double speed_tol, int max_steps,
                                   const FixedPointOptions& options) {
  validate_options(options);
  require(starts.rows() == map.n_state(), "relax_to_slow_points", "starts rows",
          "must equal the map's state size " + std::to_string(map.n_state()), starts.rows());
  require(starts.cols() >= 1, "relax_to_slow_points", "starts columns", "must be >= 1",
          starts.cols());
  require(speed_tol > 0.0, "relax_to_slow_points", "speed_tol", "must be > 0", speed_tol);
  require(max_steps >= 1, "relax_to_slow_points", "max_steps", "must be >= 1", max_steps);
  FixedPointSet set;
  set.n_starts = static_cast<int>(starts.cols());
  std::vector<QMinimum> kept;
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    QMinimum m;
    m.h = starts.col(j);
    Eigen::VectorXd next = map.step(m.h, x);
    int it = 0;
    while ((next - m.h).norm() >= speed_tol && it < max_steps) {
      m.h = next;
      next = map.step(m.h, x);
      ++it;
    }
    m.n_iter = it;
    m.q = 0.5 * (next - m.h).squaredNorm();
    m.converged = m.q < options.q_tol;
    if ((next - m.h).norm() < speed_tol) {
      ++(m.converged ? set.n_fixed : set.n_slow);
      kept.push_back(std::move(m));
    } else {
      ++set.n_discarded;
    }
  }
  merge_and_linearise(map, x, std::move(kept), options, set);
  return set;
}

FixedPointSet find_fixed_points(const StepMap& map, const Eigen::Vector3d& x,
                                const Eigen::Ref<const Eigen::MatrixXd>& starts,
                                const FixedPointOptions& options) {
  validate_options(options);
  require(starts.rows() == map.n_state(), "find_fixed_points", "starts rows",
          "must equal the map's state size " + std::to_string(map.n_state()), starts.rows());
  require(starts.cols() >= 1, "find_fixed_points", "starts columns", "must be >= 1", starts.cols());
  FixedPointSet set;
  set.n_starts = static_cast<int>(starts.cols());
  std::vector<QMinimum> kept;
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    QMinimum m = minimize_q(map, x, starts.col(j), options);
    if (m.converged) {
      ++set.n_fixed;
      kept.push_back(std::move(m));
    } else if (m.q < options.slow_q_max) {
      ++set.n_slow;
      kept.push_back(std::move(m));
    } else {
      ++set.n_discarded;
    }
  }
  merge_and_linearise(map, x, std::move(kept), options, set);
  return set;
}

namespace {

void merge_and_linearise(const StepMap& map, const Eigen::Vector3d& x, std::vector<QMinimum> kept,
                         const FixedPointOptions& options, FixedPointSet& set) {
  std::stable_sort(kept.begin(), kept.end(),
                   [](const QMinimum& a, const QMinimum& b) { return a.q < b.q; });
  // Greedy merge: a point joins the first kept point within `dedup` (lowest q wins).
  for (const auto& m : kept) {
    bool merged = false;
    for (auto& p : set.points) {
      if ((p.h - m.h).norm() < options.dedup) {
        ++p.n_merged;
        merged = true;
        break;
      }
    }
    if (merged) continue;
    FixedPoint p;
    p.h = m.h;
    p.q = m.q;
    p.is_fixed = m.converged;
    set.points.push_back(std::move(p));
  }
  for (auto& p : set.points) {
    Eigen::EigenSolver<Eigen::MatrixXd> es(map.jacobian(p.h, x), true);
    const Eigen::VectorXcd ev = es.eigenvalues();
    std::vector<Eigen::Index> order(ev.size());
    for (Eigen::Index i = 0; i < ev.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](Eigen::Index a, Eigen::Index b) { return std::abs(ev(a)) > std::abs(ev(b)); });
    p.eigenvalues.resize(ev.size());
    for (Eigen::Index i = 0; i < ev.size(); ++i) p.eigenvalues(i) = ev(order[i]);
    p.max_abs_eigenvalue = std::abs(p.eigenvalues(0));
    p.stable = p.max_abs_eigenvalue < 1.0;
    Eigen::VectorXd v = es.eigenvectors().col(order[0]).real();
    if (v.norm() == 0) v = es.eigenvectors().col(order[0]).imag();
    p.lead_direction = v / v.norm();
  }
}

}  // namespace

LineAttractor characterise_line_attractor(const FixedPointSet& set,
                                          const Eigen::Ref<const Eigen::VectorXd>& block_readout,
                                          const Eigen::Ref<const Eigen::VectorXd>& stimulus_readout,
                                          double lambda_threshold) {
  LineAttractor la;
  la.n_points = static_cast<int>(set.points.size());
  if (la.n_points == 0) return la;
  const Eigen::Index s = set.points.front().h.size();
  require(block_readout.size() == s && block_readout.norm() > 0, "characterise_line_attractor",
          "block_readout", "must be a non-zero vector of the state size", block_readout.size());
  require(stimulus_readout.size() == s && stimulus_readout.norm() > 0,
          "characterise_line_attractor", "stimulus_readout",
          "must be a non-zero vector of the state size", stimulus_readout.size());
  const Eigen::VectorXd ub = block_readout.normalized(), us = stimulus_readout.normalized();
  std::vector<double> lead, eig_align;
  for (const auto& p : set.points) {
    lead.push_back(p.max_abs_eigenvalue);
    if (p.max_abs_eigenvalue >= lambda_threshold) ++la.n_marginal;
    eig_align.push_back(std::fabs(p.lead_direction.dot(ub)));
  }
  la.lambda_lead_median = median(lead);
  la.lambda_lead_min = *std::min_element(lead.begin(), lead.end());
  la.lambda_lead_max = *std::max_element(lead.begin(), lead.end());
  la.eigvec_alignment_block = median(eig_align);
  if (la.n_points < 2) return la;
  // Principal direction of the point cloud (eq. A13).
  Eigen::MatrixXd P(s, la.n_points);
  for (int i = 0; i < la.n_points; ++i) P.col(i) = set.points[i].h;
  const Eigen::VectorXd centre = P.rowwise().mean();
  P.colwise() -= centre;
  const Eigen::MatrixXd C = P * P.transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(C);
  la.direction = es.eigenvectors().col(s - 1);
  if (la.direction.dot(ub) < 0) la.direction = -la.direction;
  const double total = es.eigenvalues().sum();
  la.fraction_1d = total > 0 ? es.eigenvalues()(s - 1) / total : 0.0;
  const Eigen::VectorXd proj = P.transpose() * la.direction;
  la.extent = proj.maxCoeff() - proj.minCoeff();
  la.alignment_block = std::fabs(la.direction.dot(ub));
  la.angle_block_deg = std::acos(std::min(1.0, la.alignment_block)) * 180.0 / 3.14159265358979323846;
  la.alignment_stimulus = std::fabs(la.direction.dot(us));
  return la;
}

}  // namespace iblrnn::analysis
