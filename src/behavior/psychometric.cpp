#include "iblrnn/behavior/psychometric.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Dense>

#include "iblrnn/behavior/nelder_mead.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {
namespace {

constexpr double kInvSqrtPi = 0.56418958354775628695;
constexpr double kLogitBound = 20.0;  // lapses at the bound are within γ_max·σ(−20) ≈ 1e-9·γ_max

double sigmoid(double u) { return 1.0 / (1.0 + std::exp(-u)); }

// The box of the search and the unconstrained coordinates u over it (clamped, so the
// likelihood is flat beyond the bounds and the simplex contracts back instead of drifting
// to infinity): m = u₀, w = w_scale·exp(u₁), γ = γ_max·σ(u₂,₃).
struct Mapping {
  double m_lo, m_hi, w_scale, log_w_lo, log_w_hi, lapse_max;
  PsychometricParams to_params(const Eigen::VectorXd& u) const {
    PsychometricParams p;
    p.m = std::clamp(u(0), m_lo, m_hi);
    p.w = w_scale * std::exp(std::clamp(u(1), log_w_lo, log_w_hi));
    p.gamma1 = lapse_max * sigmoid(std::clamp(u(2), -kLogitBound, kLogitBound));
    p.gamma2 = lapse_max * sigmoid(std::clamp(u(3), -kLogitBound, kLogitBound));
    return p;
  }
  Eigen::VectorXd to_u(const PsychometricParams& p) const {
    auto logit = [this](double g) {
      const double q = std::clamp(g / lapse_max, 1e-9, 1 - 1e-9);
      return std::log(q / (1 - q));
    };
    Eigen::VectorXd u(4);
    u << p.m, std::log(p.w / w_scale), logit(p.gamma1), logit(p.gamma2);
    return u;
  }
  // Which parameters lie away from their bounds (their SEs are defined).
  void free_parameters(const PsychometricParams& p, bool free[4]) const {
    const double w_lo = w_scale * std::exp(log_w_lo), w_hi = w_scale * std::exp(log_w_hi);
    const double tol = 1e-6 * (m_hi - m_lo);
    free[0] = std::abs(p.m - m_lo) > tol && std::abs(p.m - m_hi) > tol;
    free[1] = p.w > 1.01 * w_lo && p.w < 0.99 * w_hi;
    free[2] = p.gamma1 > 1e-6 && p.gamma1 < lapse_max - 1e-6;
    free[3] = p.gamma2 > 1e-6 && p.gamma2 < lapse_max - 1e-6;
  }
};

}  // namespace

double psychometric_p(const PsychometricParams& p, double x) {
  return p.gamma1 + (1 - p.gamma1 - p.gamma2) * 0.5 * (std::erf((x - p.m) / p.w) + 1);
}

void psychometric_gradient(const PsychometricParams& p, double x, double grad[4]) {
  const double z = (x - p.m) / p.w;
  const double phi = 0.5 * (std::erf(z) + 1);
  const double dphi_dz = kInvSqrtPi * std::exp(-z * z);
  const double a = 1 - p.gamma1 - p.gamma2;
  grad[0] = -a * dphi_dz / p.w;
  grad[1] = -a * dphi_dz * z / p.w;
  grad[2] = 1 - phi;
  grad[3] = -phi;
}

double psychometric_nll(const PsychometricParams& p, const std::vector<double>& x,
                        const std::vector<double>& n, const std::vector<double>& k) {
  double nll = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double q = std::clamp(psychometric_p(p, x[i]), 1e-12, 1 - 1e-12);
    nll -= k[i] * std::log(q) + (n[i] - k[i]) * std::log1p(-q);
  }
  return nll;
}

PsychometricFit fit_psychometric(const std::vector<double>& x, const std::vector<double>& n,
                                 const std::vector<double>& k,
                                 const PsychometricFitOptions& options) {
  const std::string w = "fit_psychometric";
  require(options.ranges == "data" || options.ranges == "ibl", w, "ranges", "must be data or ibl",
          options.ranges);
  require(n.size() == x.size() && k.size() == x.size(), w, "n, k",
          "must have one count per signal level (as many as x)", n.size());
  PsychometricFit fit;
  const double nan = std::nan("");
  fit.se = {nan, nan, nan, nan};
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  for (std::size_t i = 0; i < x.size(); ++i) {
    require(n[i] >= 0 && k[i] >= 0 && k[i] <= n[i] && std::isfinite(x[i]), w, "k",
            "must satisfy 0 <= k <= n at a finite x", k[i]);
    if (n[i] == 0) continue;
    fit.n_trials += static_cast<std::int64_t>(n[i]);
    ++fit.n_levels;
    x_lo = std::min(x_lo, x[i]);
    x_hi = std::max(x_hi, x[i]);
  }
  if (fit.n_levels < 3) {
    fit.status = "too_few_levels";
    fit.params = {nan, nan, nan, nan};
    fit.nll = nan;
    return fit;
  }
  const bool ibl = options.ranges == "ibl";
  const double range = x_hi - x_lo;
  using R = IblPsychometricRanges;
  const Mapping map = ibl ? Mapping{R::m_min, R::m_max, 1.0, std::log(R::w_min),
                                    std::log(R::w_max), R::lapse_max}
                          : Mapping{x_lo - 10 * range, x_hi + 10 * range, range, std::log(1e-4),
                                    std::log(100.0), 0.5};
  auto objective = [&](const Eigen::VectorXd& u) {
    return psychometric_nll(map.to_params(u), x, n, k);
  };
  Eigen::VectorXd step(4);
  step << 0.1 * (ibl ? R::m_max - R::m_min : range), 0.5, 1.0, 1.0;
  NelderMeadOptions nm;
  nm.max_iterations = options.max_iterations;
  Rng rng(options.seed, Stream::fit);
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < options.restarts; ++r) {
    PsychometricParams start = ibl ? PsychometricParams{R::m_start, R::w_start, R::lapse_start,
                                                        R::lapse_start}
                                   : PsychometricParams{0.5 * (x_lo + x_hi), 0.25 * range, 0.05, 0.05};
    if (r > 0 && ibl) {
      start.m = rng.uniform(R::m_min, R::m_max);
      start.w = std::exp(rng.uniform(std::log(R::w_min), std::log(R::w_max)));
      start.gamma1 = rng.uniform(0.001, R::lapse_max);
      start.gamma2 = rng.uniform(0.001, R::lapse_max);
    } else if (r > 0) {
      start.m = rng.uniform(x_lo, x_hi);
      start.w = range * std::exp(rng.uniform(std::log(0.02), std::log(1.0)));
      start.gamma1 = rng.uniform(0.001, 0.2);
      start.gamma2 = rng.uniform(0.001, 0.2);
    }
    // Run, then restart once from the result with a fresh simplex: a collapsed simplex
    // is the classic Nelder–Mead failure, and the second run must not improve.
    NelderMeadResult a = minimize_nelder_mead(objective, map.to_u(start), step, nm);
    NelderMeadResult b = minimize_nelder_mead(objective, a.x, step, nm);
    const bool converged = b.converged && a.f - b.f <= 1e-6 * (1 + std::abs(b.f));
    if (b.f < best) {
      best = b.f;
      fit.params = map.to_params(b.x);
      fit.converged = converged;
    }
  }
  fit.nll = best;
  fit.status = fit.converged ? "ok" : "not_converged";

  // Expected Fisher information over the parameters away from their bounds (eq. H7).
  const PsychometricParams& p = fit.params;
  bool free[4];
  map.free_parameters(p, free);
  std::vector<int> idx;
  for (int j = 0; j < 4; ++j)
    if (free[j]) idx.push_back(j);
  const int d = static_cast<int>(idx.size());
  Eigen::MatrixXd info = Eigen::MatrixXd::Zero(d, d);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (n[i] == 0) continue;
    const double q = std::clamp(psychometric_p(p, x[i]), 1e-12, 1 - 1e-12);
    double g[4];
    psychometric_gradient(p, x[i], g);
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) info(a, b) += n[i] * g[idx[a]] * g[idx[b]] / (q * (1 - q));
  }
  Eigen::LDLT<Eigen::MatrixXd> ldlt(info);
  if (d > 0 && ldlt.info() == Eigen::Success && ldlt.isPositive() &&
      ldlt.vectorD().minCoeff() > 1e-12 * std::max(1.0, ldlt.vectorD().maxCoeff())) {
    const Eigen::MatrixXd cov = ldlt.solve(Eigen::MatrixXd::Identity(d, d));
    double* se[4] = {&fit.se.m, &fit.se.w, &fit.se.gamma1, &fit.se.gamma2};
    for (int a = 0; a < d; ++a) *se[idx[a]] = std::sqrt(cov(a, a));
  }
  return fit;
}

}  // namespace iblrnn::behavior
