#include "iblrnn/bayes/block_filter.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "log_math.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::bayes {

using detail::kNegInf;
using detail::log_add;
using detail::safe_log;

std::vector<double> block_length_pmf(const TaskConfig& config) {
  config.validate();
  const int lo = config.block_len_min, hi = config.block_len_max;
  const double p = config.block_len_p;
  std::vector<double> log_w(hi, kNegInf);
  if (config.block_length == BlockLength::truncated_geometric) {
    // eq. B4a: P(L) ∝ p (1 − p)^(L−1) on lo..hi.
    for (int len = lo; len <= hi; ++len)
      log_w[len - 1] = p >= 1.0 ? (len == 1 ? 0.0 : kNegInf) : (len - 1) * std::log1p(-p);
  } else if (config.block_length == BlockLength::truncated_exponential) {
    // eq. B4b: L = floor(x), x ~ Exp(mean) conditioned on lo <= x <= hi, so
    // P(L = k) ∝ e^{−k/m} − e^{−(k+1)/m} ∝ e^{−(k−lo)/m} for k = lo..hi−1 (x = hi has mass 0).
    if (lo == hi) {
      log_w[lo - 1] = 0.0;
    } else {
      for (int len = lo; len < hi; ++len) log_w[len - 1] = -(len - lo) / config.block_len_mean;
    }
  } else {
    // eq. B4c ("hazard"): no switch before lo, switch with probability p after each trial from
    // lo on, certain at hi: P(lo + k) = (1 − p)^k p for lo + k < hi, P(hi) = (1 − p)^(hi − lo).
    const double log_stay = safe_log(1.0 - p), log_p = std::log(p);
    for (int len = lo; len <= hi; ++len)
      log_w[len - 1] = (len - lo) * log_stay + (len < hi ? log_p : 0.0);
  }
  double m = kNegInf;
  for (double v : log_w) m = std::max(m, v);
  require(m > kNegInf, "block_length_pmf", "block_len_p",
          "must give the block-length law mass on [block_len_min, block_len_max]", p);
  std::vector<double> pmf(hi);
  double total = 0.0;
  for (int i = 0; i < hi; ++i) total += (pmf[i] = std::exp(log_w[i] - m));
  for (double& v : pmf) v /= total;
  return pmf;
}

std::vector<double> hazard_from_pmf(const std::vector<double>& pmf) {
  const int n = static_cast<int>(pmf.size());
  std::vector<double> hazard(n, 1.0);
  double survival = 0.0;  // S(d) = Σ_{L >= d} P(L), summed from the tail (no cancellation)
  for (int d = n; d >= 1; --d) {
    survival += pmf[d - 1];
    hazard[d - 1] = survival > 0.0 ? std::min(1.0, pmf[d - 1] / survival) : 1.0;
  }
  return hazard;
}

BlockFilter::BlockFilter(const TaskConfig& task, const BayesConfig& bayes) {
  task.validate();
  bayes.validate();
  p_same_ = task.p_stim_concordant;
  log_e_same_ = std::log(p_same_);
  log_e_other_ = safe_log(1.0 - p_same_);
  first_block_len_ = task.first_block_len;
  if (bayes.filter == FilterModel::semi_markov) {
    semi_ = true;
    const auto hazard = hazard_from_pmf(block_length_pmf(task));
    for (double h : hazard) {
      log_h_.push_back(safe_log(h));
      log_c_.push_back(safe_log(1.0 - h));
    }
  } else {
    log_stay_ = std::log1p(-bayes.switch_prob);
    log_switch_ = std::log(bayes.switch_prob);
  }
  reset();
}

BlockFilter::BlockFilter(const TaskConfig& task, const std::vector<double>& hazard) {
  task.validate();
  require(!hazard.empty(), "BlockFilter", "hazard", "must hold at least one value", 0);
  p_same_ = task.p_stim_concordant;
  log_e_same_ = std::log(p_same_);
  log_e_other_ = safe_log(1.0 - p_same_);
  first_block_len_ = task.first_block_len;
  semi_ = true;
  for (double h : hazard) {
    require(h >= 0.0 && h <= 1.0, "BlockFilter", "hazard", "values must be in [0, 1]", h);
    log_h_.push_back(safe_log(h));
    log_c_.push_back(safe_log(1.0 - h));
  }
  reset();
}

void BlockFilter::reset() {
  trial_ = 0;
  if (first_block_len_ > 0) {
    unbiased_ = true;
    prior_ = posterior_ = BlockBelief{};
  } else {
    start_biased();
  }
}

void BlockFilter::start_biased() {
  unbiased_ = false;
  const double half = std::log(0.5);
  if (semi_) {
    const int n = static_cast<int>(log_h_.size());
    log_a_.assign(2 * n, kNegInf);
    scratch_.assign(2 * n, kNegInf);
    log_a_[0] = log_a_[n] = half;  // (left, d = 1), (right, d = 1)
  } else {
    log_l_ = log_r_ = half;
  }
  cache_marginals();
  prior_ = posterior_;
}

void BlockFilter::cache_marginals() {
  if (semi_) {
    const int n = static_cast<int>(log_h_.size());
    double l = 0.0, r = 0.0;
    for (int d = 0; d < n; ++d) {
      l += std::exp(log_a_[d]);
      r += std::exp(log_a_[n + d]);
    }
    posterior_ = {l, r};
  } else {
    posterior_ = {std::exp(log_l_), std::exp(log_r_)};
  }
}

double BlockFilter::stim_prior_right() const {
  if (unbiased_) return 0.5;
  return p_same_ * prior_.right + (1.0 - p_same_) * prior_.left;
}

double BlockFilter::block_prior_right_as_stim() const {
  return unbiased_ ? 0.5 : prior_.right;
}

void BlockFilter::update_side(int side) {
  if (unbiased_) return;
  update_log_lik(side < 0 ? log_e_same_ : log_e_other_, side > 0 ? log_e_same_ : log_e_other_);
}

void BlockFilter::update_evidence(double ll_left, double ll_right) {
  if (unbiased_) return;
  // eq. B5: the likelihood of the trial's data given block side b sums over the stimulus side.
  update_log_lik(log_add(log_e_same_ + ll_left, log_e_other_ + ll_right),
                 log_add(log_e_other_ + ll_left, log_e_same_ + ll_right));
}

void BlockFilter::update_log_lik(double log_lik_left, double log_lik_right) {
  if (semi_) {
    // One pass of exponentials gives both the normaliser and the side marginals.
    const int n = static_cast<int>(log_h_.size());
    double m = kNegInf;
    for (int d = 0; d < n; ++d) {
      log_a_[d] += log_lik_left;
      log_a_[n + d] += log_lik_right;
      m = std::max(m, std::max(log_a_[d], log_a_[n + d]));
    }
    require(m > kNegInf, "BlockFilter", "data", "must have nonzero probability under the model",
            trial_);
    double l = 0.0, r = 0.0;
    for (int d = 0; d < n; ++d) {
      l += std::exp(log_a_[d] - m);
      r += std::exp(log_a_[n + d] - m);
    }
    const double z = m + std::log(l + r);
    for (double& v : log_a_) v -= z;
    posterior_ = {l / (l + r), r / (l + r)};
  } else {
    log_l_ += log_lik_left;
    log_r_ += log_lik_right;
    const double z = log_add(log_l_, log_r_);
    require(z > kNegInf, "BlockFilter", "data", "must have nonzero probability under the model",
            trial_);
    log_l_ -= z;
    log_r_ -= z;
    cache_marginals();
  }
}

void BlockFilter::advance() {
  ++trial_;
  if (unbiased_) {
    if (trial_ >= first_block_len_) start_biased();
    return;
  }
  if (semi_) {
    // eq. B1 (semi-Markov): (b, d) → (b, d + 1) with 1 − h(d), → (−b, 1) with h(d); the last
    // run length D loops onto itself with 1 − h(D).
    const int n = static_cast<int>(log_h_.size());
    double switched[2];  // log of the mass leaving side 0 (left) / 1 (right)
    double moved[2];     // the same mass, linear (for the marginals)
    for (int side = 0; side < 2; ++side) {
      const double* a = log_a_.data() + side * n;
      double* out = scratch_.data() + side * n;
      for (int d = 0; d + 1 < n; ++d) out[d + 1] = a[d] + log_c_[d];
      out[n - 1] = n > 1 ? log_add(out[n - 1], a[n - 1] + log_c_[n - 1]) : a[0] + log_c_[0];
      double m = kNegInf;
      for (int d = 0; d < n; ++d) m = std::max(m, a[d] + log_h_[d]);
      double sum = 0.0;
      if (m > kNegInf)
        for (int d = 0; d < n; ++d) sum += std::exp(a[d] + log_h_[d] - m);
      switched[side] = m > kNegInf ? m + std::log(sum) : kNegInf;
      moved[side] = m > kNegInf ? std::exp(switched[side]) : 0.0;
    }
    for (int side = 0; side < 2; ++side) {
      double& first = scratch_[side * n];
      first = n > 1 ? switched[1 - side] : log_add(first, switched[1 - side]);
    }
    log_a_.swap(scratch_);
    // Side marginals: what stayed (β − what left) plus what arrived.
    const double l = posterior_.left - moved[0] + moved[1];
    const double r = posterior_.right - moved[1] + moved[0];
    posterior_ = {std::max(l, 0.0), std::max(r, 0.0)};
  } else {
    const double l = log_add(log_l_ + log_stay_, log_r_ + log_switch_);
    const double r = log_add(log_r_ + log_stay_, log_l_ + log_switch_);
    log_l_ = l;
    log_r_ = r;
    cache_marginals();
  }
  prior_ = posterior_;
}

}  // namespace iblrnn::bayes
