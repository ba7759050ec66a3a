#include "iblrnn/bayes/reward_policy.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::bayes {
namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.7071067811865475244); }
double normal_pdf(double z) { return 0.3989422804014326779 * std::exp(-0.5 * z * z); }

// K(a, i) = E[hat_i(X)], X ~ N(x_a, σ²): the exact expectation of the piecewise-linear
// interpolant through grid values (constant beyond the ends) is Σ_i K(a, i) f_i (eq. B10).
Eigen::MatrixXd blur_matrix(double lo, double h, int n, double sigma) {
  Eigen::MatrixXd k = Eigen::MatrixXd::Zero(n, n);
  for (int a = 0; a < n; ++a) {
    const double xa = lo + a * h;
    k(a, 0) += normal_cdf((lo - xa) / sigma);
    k(a, n - 1) += 1.0 - normal_cdf((lo + (n - 1) * h - xa) / sigma);
    for (int i = 0; i + 1 < n; ++i) {
      const double u = lo + i * h;
      const double al = (u - xa) / sigma, be = (u + h - xa) / sigma;
      const double mass = normal_cdf(be) - normal_cdf(al);
      // E[(X − u)/h ; u ≤ X ≤ u + h]
      const double up = ((xa - u) * mass + sigma * (normal_pdf(al) - normal_pdf(be))) / h;
      k(a, i + 1) += up;
      k(a, i) += mass - up;
    }
  }
  return k;
}

// Bilinear interpolation of the n × n table f (rows: Σo^L, cols: Σo^R), clamped at the edges.
double bilinear(const double* f, int n, double lo, double h, double x, double y) {
  const double fx = std::clamp((x - lo) / h, 0.0, n - 1.0);
  const double fy = std::clamp((y - lo) / h, 0.0, n - 1.0);
  const int i = std::min(static_cast<int>(fx), n - 2);
  const int j = std::min(static_cast<int>(fy), n - 2);
  const double u = fx - i, v = fy - j;
  // Column-major Eigen storage: f[i + n j].
  return (1 - u) * (1 - v) * f[i + n * j] + u * (1 - v) * f[i + 1 + n * j] +
         (1 - u) * v * f[i + n * (j + 1)] + u * v * f[i + 1 + n * (j + 1)];
}

}  // namespace

RewardPolicy::RewardPolicy(const TaskConfig& task, const BayesConfig& bayes)
    : task_(task), model_(task, bayes) {
  require(bayes.evidence == Evidence::both, "RewardPolicy", "evidence",
          "must be both for reward_optimal", choice_name(bayes.evidence));
  require(bayes.compat == Compat::exact, "RewardPolicy", "compat", "must be exact for reward_optimal",
          choice_name(bayes.compat));
  n_ = bayes.dp_n_grid;
  n_prior_ = bayes.dp_n_prior;
  n_obs_max_ = task.n_obs_max;
  width_ = bayes.dp_width;
  prior_lo_ = 1.0 - task.p_stim_concordant;
  prior_hi_ = task.p_stim_concordant;
  const int big_n = n_obs_max_;
  const int n_hyp = static_cast<int>(model_.means().size());
  const double sigma = task.obs_noise_sd;
  const std::size_t table = static_cast<std::size_t>(n_) * n_;
  cont_.assign(static_cast<std::size_t>(n_prior_) * std::max(big_n - 1, 0) * table, 0.0);
  start_.assign(n_prior_, 0.0);

  std::vector<Eigen::MatrixXd> blur(big_n + 1);
  for (int t = 1; t <= big_n; ++t) blur[t] = blur_matrix(grid_lo(t), grid_step(t), n_, sigma);

  Eigen::MatrixXd v(n_, n_), w(n_, n_), c(n_, n_);
  std::vector<double> post;
  for (int ip = 0; ip < n_prior_; ++ip) {
    const double rho = prior_lo_ + (prior_hi_ - prior_lo_) * ip / (n_prior_ - 1);
    for (int t = big_n; t >= 1; --t) {
      const double lo = grid_lo(t), h = grid_step(t);
      if (t < big_n) w = blur[t + 1] * v * blur[t + 1].transpose();  // E V_{t+1}(a + σz, b + σz')
      const double lo1 = grid_lo(t + 1), h1 = grid_step(t + 1);
      for (int j = 0; j < n_; ++j) {
        for (int i = 0; i < n_; ++i) {
          TrialEvidence e;
          e.n_obs = t;
          e.sum_left = lo + i * h;
          e.sum_right = lo + j * h;
          model_.joint_posterior(rho, e, post);
          double q_right = 0.0;
          for (int m = 0; m < n_hyp; ++m) q_right += post[n_hyp + m];
          const double q = std::max(q_right, 1.0 - q_right);
          const double act = q * task.reward_correct + (1.0 - q) * task.reward_wrong;
          double cont = task.reward_timeout;
          if (t < big_n) {
            // eq. B10: mixture over (side, μ) of the blurred next value, shifted by the mean.
            double ev = 0.0;
            for (int m = 0; m < n_hyp; ++m) {
              const double mean = model_.means()[m];
              ev += post[m] * bilinear(w.data(), n_, lo1, h1, e.sum_left + mean, e.sum_right);
              ev += post[n_hyp + m] *
                    bilinear(w.data(), n_, lo1, h1, e.sum_left, e.sum_right + mean);
            }
            cont = task.reward_wait + ev;
            cont_[((static_cast<std::size_t>(ip) * (big_n - 1)) + (t - 1)) * table + i +
                  static_cast<std::size_t>(n_) * j] = cont;
          }
          c(i, j) = std::max(act, cont);
        }
      }
      v = c;
    }
    // eq. B11: before the first observation, the state is (0, 0) at t = 0.
    w = blur[1] * v * blur[1].transpose();
    const double lo1 = grid_lo(1), h1 = grid_step(1);
    double value = 0.0;
    for (int m = 0; m < n_hyp; ++m) {
      const double mean = model_.means()[m];
      value += (1.0 - rho) / n_hyp * bilinear(w.data(), n_, lo1, h1, mean, 0.0);
      value += rho / n_hyp * bilinear(w.data(), n_, lo1, h1, 0.0, mean);
    }
    start_[ip] = value;
  }
}

double RewardPolicy::grid_lo(int t) const {
  return -width_ * task_.obs_noise_sd * std::sqrt(static_cast<double>(t));
}

double RewardPolicy::grid_step(int t) const {
  double m_max = 0.0;
  for (double m : model_.means()) m_max = std::max(m_max, m);
  const double hi = t * m_max + width_ * task_.obs_noise_sd * std::sqrt(static_cast<double>(t));
  return (hi - grid_lo(t)) / (n_ - 1);
}

double RewardPolicy::lookup(int t, double rho, double sum_left, double sum_right) const {
  const std::size_t table = static_cast<std::size_t>(n_) * n_;
  const double fp = std::clamp((rho - prior_lo_) / (prior_hi_ - prior_lo_) * (n_prior_ - 1), 0.0,
                               n_prior_ - 1.0);
  const int ip = std::min(static_cast<int>(fp), n_prior_ - 2);
  const double u = fp - ip;
  const double lo = grid_lo(t), h = grid_step(t);
  const double* a = cont_.data() + (static_cast<std::size_t>(ip) * (n_obs_max_ - 1) + (t - 1)) * table;
  const double* b = cont_.data() + (static_cast<std::size_t>(ip + 1) * (n_obs_max_ - 1) + (t - 1)) * table;
  return (1 - u) * bilinear(a, n_, lo, h, sum_left, sum_right) +
         u * bilinear(b, n_, lo, h, sum_left, sum_right);
}

double RewardPolicy::act_value(double prior_right, const TrialEvidence& e) const {
  const double p = model_.posterior_right(prior_right, e);
  const double q = std::max(p, 1.0 - p);
  return q * task_.reward_correct + (1.0 - q) * task_.reward_wrong;
}

double RewardPolicy::continue_value(double prior_right, const TrialEvidence& e) const {
  require(e.n_obs >= 1 && e.n_obs <= n_obs_max_, "RewardPolicy", "n_obs",
          "must be in [1, n_obs_max]", e.n_obs);
  if (e.n_obs == n_obs_max_) return task_.reward_timeout;
  return lookup(e.n_obs, prior_right, e.sum_left, e.sum_right);
}

bool RewardPolicy::should_act(double prior_right, const TrialEvidence& e) const {
  return act_value(prior_right, e) >= continue_value(prior_right, e);
}

double RewardPolicy::start_value(double prior_right) const {
  const double fp = std::clamp((prior_right - prior_lo_) / (prior_hi_ - prior_lo_) * (n_prior_ - 1),
                               0.0, n_prior_ - 1.0);
  const int ip = std::min(static_cast<int>(fp), n_prior_ - 2);
  const double u = fp - ip;
  return (1 - u) * start_[ip] + u * start_[ip + 1];
}

}  // namespace iblrnn::bayes
