#include "iblrnn/analysis/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Eigen/Cholesky>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

// log(1 + e^η) without overflow.
double softplus(double eta) { return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta)); }

double sigmoid(double eta) {
  if (eta >= 0) return 1.0 / (1.0 + std::exp(-eta));
  const double e = std::exp(eta);
  return e / (1.0 + e);
}

double loss_of(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& y,
               const Eigen::VectorXd& w, double b, double ridge) {
  const Eigen::VectorXd eta = (X.transpose() * w).array() + b;
  double s = 0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) s += softplus(eta(i)) - y(i) * eta(i);
  return s / double(eta.size()) + 0.5 * ridge * w.squaredNorm();
}

}  // namespace

LogisticFit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& y,
                         const LogisticOptions& options) {
  const std::string where = "fit_logistic";
  require(X.cols() == y.size(), where, "y", "must have one label per column of X", y.size());
  require(X.cols() >= 2, where, "N", "must be >= 2", X.cols());
  require(X.rows() >= 1, where, "D", "must be >= 1", X.rows());
  require(X.allFinite(), where, "X", "must be finite", "non-finite entry");
  for (Eigen::Index i = 0; i < y.size(); ++i)
    require(y(i) == 0.0 || y(i) == 1.0, where, "y", "entries must be 0 or 1", y(i));
  require(options.ridge >= 0.0, where, "ridge", "must be >= 0", options.ridge);
  require(options.max_iter >= 1, where, "max_iter", "must be >= 1", options.max_iter);

  const Eigen::Index d = X.rows(), n = X.cols();
  const double inv_n = 1.0 / double(n);
  LogisticFit fit;
  fit.w = Eigen::VectorXd::Zero(d);
  // Start from the log-odds of the base rate.
  const double ybar = std::clamp(y.mean(), 1e-6, 1.0 - 1e-6);
  fit.b = std::log(ybar / (1.0 - ybar));
  fit.loss = loss_of(X, y, fit.w, fit.b, options.ridge);

  Eigen::MatrixXd hess(d + 1, d + 1);
  Eigen::VectorXd grad(d + 1);
  const Eigen::Index slab = 8192;
  for (int it = 0; it < options.max_iter; ++it) {
    // Gradient and Hessian of eq. A5 over the augmented input [x; 1].
    hess.setZero();
    grad.setZero();
    for (Eigen::Index c0 = 0; c0 < n; c0 += slab) {
      const Eigen::Index nc = std::min(slab, n - c0);
      Eigen::MatrixXd xa(d + 1, nc);
      xa.topRows(d) = X.middleCols(c0, nc);
      xa.row(d).setOnes();
      const Eigen::VectorXd eta = (xa.topRows(d).transpose() * fit.w).array() + fit.b;
      Eigen::VectorXd resid(nc), sw(nc);
      for (Eigen::Index i = 0; i < nc; ++i) {
        const double p = sigmoid(eta(i));
        resid(i) = p - y(c0 + i);
        sw(i) = std::sqrt(p * (1.0 - p));
      }
      grad.noalias() += xa * resid;
      const Eigen::MatrixXd xw = xa * sw.asDiagonal();
      hess.selfadjointView<Eigen::Lower>().rankUpdate(xw);
    }
    hess = hess.selfadjointView<Eigen::Lower>();
    hess *= inv_n;
    grad *= inv_n;
    grad.head(d) += options.ridge * fit.w;
    hess.topLeftCorner(d, d).diagonal().array() += options.ridge;
    // A tiny jitter keeps the solve defined when the ridge is zero and X is rank-deficient.
    hess.diagonal().array() += 1e-12;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(hess);
    const Eigen::VectorXd step = ldlt.solve(grad);
    const double decrement = 0.5 * grad.dot(step);
    fit.n_iter = it + 1;
    if (!std::isfinite(decrement)) break;
    // Damped Newton: halve the step until the loss decreases.
    double t = 1.0;
    bool improved = false;
    for (int k = 0; k < 40; ++k, t *= 0.5) {
      const Eigen::VectorXd w_new = fit.w - t * step.head(d);
      const double b_new = fit.b - t * step(d);
      const double l_new = loss_of(X, y, w_new, b_new, options.ridge);
      if (l_new <= fit.loss) {
        fit.w = w_new;
        fit.b = b_new;
        fit.loss = l_new;
        improved = true;
        break;
      }
    }
    // Stop after the step that brought the decrement under tol (Newton's last step squares
    // the remaining error), or when no step lowers L any more (converged to rounding).
    if (!improved) {
      fit.converged = decrement < 1e-8;
      break;
    }
    if (decrement <= options.tol) {
      fit.converged = true;
      break;
    }
  }
  return fit;
}

Eigen::VectorXd LogisticFit::probability(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  require(X.rows() == w.size(), "LogisticFit::probability", "X rows", "must equal the weights",
          X.rows());
  Eigen::VectorXd eta = (X.transpose() * w).array() + b;
  for (Eigen::Index i = 0; i < eta.size(); ++i) eta(i) = sigmoid(eta(i));
  return eta;
}

double LogisticFit::accuracy(const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const Eigen::VectorXd& y) const {
  require(X.cols() == y.size(), "LogisticFit::accuracy", "y", "must have one label per column",
          y.size());
  require(y.size() >= 1, "LogisticFit::accuracy", "N", "must be >= 1", y.size());
  const Eigen::VectorXd p = probability(X);
  Eigen::Index hits = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) hits += ((p(i) >= 0.5) == (y(i) == 1.0));
  return double(hits) / double(p.size());
}

HeldOutSplit split_held_out(Eigen::Index n, double train_fraction, std::uint64_t seed) {
  require(n >= 2, "split_held_out", "n", "must be >= 2", n);
  require(train_fraction > 0.0 && train_fraction < 1.0, "split_held_out", "train_fraction",
          "must be in (0, 1)", train_fraction);
  const auto n_train = static_cast<Eigen::Index>(std::llround(train_fraction * double(n)));
  require(n_train >= 1 && n_train < n, "split_held_out", "train_fraction",
          "must leave both parts non-empty for n = " + std::to_string(n), train_fraction);
  std::vector<Eigen::Index> perm(n);
  std::iota(perm.begin(), perm.end(), Eigen::Index{0});
  Rng rng(seed, Stream::split);
  for (Eigen::Index i = n - 1; i > 0; --i) {
    const auto j = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(i + 1)));
    std::swap(perm[i], perm[j]);
  }
  HeldOutSplit s;
  s.train.assign(perm.begin(), perm.begin() + n_train);
  s.test.assign(perm.begin() + n_train, perm.end());
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.test.begin(), s.test.end());
  return s;
}

Eigen::MatrixXd take_columns(const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const std::vector<Eigen::Index>& index) {
  Eigen::MatrixXd out(X.rows(), static_cast<Eigen::Index>(index.size()));
  for (std::size_t j = 0; j < index.size(); ++j) {
    require(index[j] >= 0 && index[j] < X.cols(), "take_columns", "index", "must be in [0, N)",
            index[j]);
    out.col(static_cast<Eigen::Index>(j)) = X.col(index[j]);
  }
  return out;
}

Eigen::VectorXd take_entries(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& index) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(index.size()));
  for (std::size_t j = 0; j < index.size(); ++j) {
    require(index[j] >= 0 && index[j] < v.size(), "take_entries", "index", "must be in [0, N)",
            index[j]);
    out(static_cast<Eigen::Index>(j)) = v(index[j]);
  }
  return out;
}

}  // namespace iblrnn::analysis
