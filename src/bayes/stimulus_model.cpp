#include "iblrnn/bayes/stimulus_model.hpp"

#include <cmath>

#include "log_math.hpp"

using namespace iblrnn::task;

namespace iblrnn::bayes {

StimulusModel::StimulusModel(const TaskConfig& task, const BayesConfig& bayes) {
  task.validate();
  bayes.validate();
  d_only_ = bayes.evidence == Evidence::d_only;
  compat_ = bayes.compat == Compat::paper2020;
  const double var = task.obs_noise_sd * task.obs_noise_sd;
  const double kappa = d_only_ ? 1.0 / (2.0 * var) : 1.0 / var;
  const double log_p = -std::log(static_cast<double>(task.signals.size()));
  for (double mu : task.signals) {
    const double m = task.contrast_gain * mu;
    mean_.push_back(m);
    log_w_.push_back(log_p);
    k_mean_.push_back(kappa * m);
    k_half_.push_back(0.5 * kappa * m * m);
  }
  // Lattice fast path (exact mode only): all means integer multiples of the smallest positive
  // one, with multiples <= 16, and the decay table representable for every t <= n_obs_max.
  double delta = 0.0;
  for (double m : mean_)
    if (m > 0.0 && (delta == 0.0 || m < delta)) delta = m;
  bool lattice = !compat_ && delta > 0.0;
  std::vector<int> js;
  for (double m : mean_) {
    const double j = std::round(m / delta);
    lattice = lattice && std::abs(m - j * delta) <= 1e-12 * std::max(1.0, m) && j <= 16;
    js.push_back(static_cast<int>(j));
  }
  const int t_max = task.n_obs_max;
  for (std::size_t i = 0; lattice && i < mean_.size(); ++i)
    lattice = t_max * k_half_[i] < 600.0;
  if (lattice) {
    lattice_j_ = js;
    for (int j : js) lattice_max_j_ = std::max(lattice_max_j_, j);
    k_delta_ = kappa * delta;
    const std::size_t n = mean_.size();
    decay_.resize((t_max + 1) * n);
    for (int t = 0; t <= t_max; ++t)
      for (std::size_t i = 0; i < n; ++i)
        decay_[t * n + i] = std::exp(log_w_[i] - t * k_half_[i]);
  }
}

bool StimulusModel::lattice_sums(const TrialEvidence& e, double& sum_left,
                                 double& sum_right) const {
  if (lattice_j_.empty()) return false;
  const int n = static_cast<int>(mean_.size());
  if (e.n_obs < 0 || static_cast<std::size_t>((e.n_obs + 1) * n) > decay_.size()) return false;
  const double x_right = d_only_ ? e.sum_right - e.sum_left : e.sum_right;
  const double x_left = d_only_ ? e.sum_left - e.sum_right : e.sum_left;
  const double a_right = k_delta_ * x_right, a_left = k_delta_ * x_left;
  // Keep z^j inside the double range (else the generic log-sum-exp path).
  if (std::abs(a_right) * lattice_max_j_ > 600.0 || std::abs(a_left) * lattice_max_j_ > 600.0)
    return false;
  double pow_right[17], pow_left[17];
  pow_right[0] = pow_left[0] = 1.0;
  const double z_right = std::exp(a_right), z_left = std::exp(a_left);
  for (int j = 1; j <= lattice_max_j_; ++j) {
    pow_right[j] = pow_right[j - 1] * z_right;
    pow_left[j] = pow_left[j - 1] * z_left;
  }
  const double* decay = decay_.data() + static_cast<std::size_t>(e.n_obs) * n;
  double sr = 0.0, sl = 0.0;
  for (int i = 0; i < n; ++i) {
    sr += decay[i] * pow_right[lattice_j_[i]];
    sl += decay[i] * pow_left[lattice_j_[i]];
  }
  if (!(sr > 0.0 && sl > 0.0 && std::isfinite(sr) && std::isfinite(sl))) return false;
  sum_left = sl;
  sum_right = sr;
  return true;
}

double StimulusModel::log_likelihood_ratio(const TrialEvidence& e) const {
  double sl, sr;
  if (lattice_sums(e, sl, sr)) return std::log(sr / sl);
  double ll_left, ll_right;
  log_likelihoods(e, ll_left, ll_right);
  return ll_right - ll_left;
}

void StimulusModel::add(TrialEvidence& e, double o_left, double o_right) const {
  ++e.n_obs;
  e.sum_left += o_left;
  e.sum_right += o_right;
  if (compat_) {
    // eq. B12b: the 2020 code summed over μ at every step (as if μ were redrawn per step).
    const int n = static_cast<int>(mean_.size());
    const double x_right = d_only_ ? o_right - o_left : o_right;
    const double x_left = d_only_ ? o_left - o_right : o_left;
    double a[64], b[64];
    std::vector<double> big_a, big_b;
    double* pa = a;
    double* pb = b;
    if (n > 64) {
      big_a.resize(n);
      big_b.resize(n);
      pa = big_a.data();
      pb = big_b.data();
    }
    for (int i = 0; i < n; ++i) {
      pa[i] = log_w_[i] + k_mean_[i] * x_left - k_half_[i];
      pb[i] = log_w_[i] + k_mean_[i] * x_right - k_half_[i];
    }
    e.step_ll_left += detail::log_sum_exp(pa, n);
    e.step_ll_right += detail::log_sum_exp(pb, n);
  }
}

void StimulusModel::terms(const TrialEvidence& e, double* left, double* right) const {
  // eq. B6: log N(o^S; m, σ²) + log N(o^~S; 0, σ²) summed over steps equals, up to terms
  // common to both sides and all μ, (m Σo^S − t m²/2)/σ².  eq. B7: with d, κ = 1/(2σ²) and
  // Σd = ±(Σo^R − Σo^L).
  const double x_right = d_only_ ? e.sum_right - e.sum_left : e.sum_right;
  const double x_left = d_only_ ? e.sum_left - e.sum_right : e.sum_left;
  const double t = e.n_obs;
  const int n = static_cast<int>(mean_.size());
  for (int i = 0; i < n; ++i) {
    left[i] = log_w_[i] + k_mean_[i] * x_left - t * k_half_[i];
    right[i] = log_w_[i] + k_mean_[i] * x_right - t * k_half_[i];
  }
}

void StimulusModel::log_likelihoods(const TrialEvidence& e, double& ll_left,
                                    double& ll_right) const {
  if (compat_) {
    ll_left = e.step_ll_left;
    ll_right = e.step_ll_right;
    return;
  }
  double sl, sr;
  if (lattice_sums(e, sl, sr)) {
    ll_left = std::log(sl);
    ll_right = std::log(sr);
    return;
  }
  const int n = static_cast<int>(mean_.size());
  double a[64], b[64];
  std::vector<double> big;
  double* pa = a;
  double* pb = b;
  if (n > 64) {
    big.resize(2 * n);
    pa = big.data();
    pb = big.data() + n;
  }
  terms(e, pa, pb);
  // One shared maximum: both sums stay finite and one pass computes them.
  double m = detail::kNegInf;
  for (int i = 0; i < n; ++i) m = std::max(m, std::max(pa[i], pb[i]));
  double sa = 0.0, sb = 0.0;
  for (int i = 0; i < n; ++i) {
    sa += std::exp(pa[i] - m);
    sb += std::exp(pb[i] - m);
  }
  ll_left = m + std::log(sa);
  ll_right = m + std::log(sb);
}

double StimulusModel::posterior_right(double prior_right, const TrialEvidence& e) const {
  if (prior_right <= 0.0) return 0.0;
  if (prior_right >= 1.0) return 1.0;
  // eq. B8 as a logistic of the log posterior odds.
  const double log_odds =
      std::log(prior_right / (1.0 - prior_right)) + log_likelihood_ratio(e);
  return log_odds >= 0 ? 1.0 / (1.0 + std::exp(-log_odds))
                       : std::exp(log_odds) / (1.0 + std::exp(log_odds));
}

void StimulusModel::joint_posterior(double prior_right, const TrialEvidence& e,
                                    std::vector<double>& out) const {
  const int n = static_cast<int>(mean_.size());
  out.resize(2 * n);
  terms(e, out.data(), out.data() + n);
  const double log_l = detail::safe_log(1.0 - prior_right);
  const double log_r = detail::safe_log(prior_right);
  for (int i = 0; i < n; ++i) {
    out[i] += log_l;
    out[n + i] += log_r;
  }
  const double z = detail::log_sum_exp(out.data(), 2 * n);
  for (double& v : out) v = std::exp(v - z);
}

}  // namespace iblrnn::bayes
