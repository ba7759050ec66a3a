// Psychometric function with two lapse rates (docs/behavior.md eq. H5–H7; IBL psychofit's
// erf_psycho_2gammas): P(right | x) = γ₁ + (1 − γ₁ − γ₂)(erf((x − m)/w) + 1)/2, fitted to
// binomial counts by maximum likelihood (H6) with seeded Nelder–Mead restarts; standard
// errors from the expected Fisher information at the optimum (H7).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace iblrnn::behavior {

/// Parameters of eq. H5: bias m and width w (units of x), lapses γ₁ (P at x → −∞) and γ₂
/// (1 − P at x → +∞).
struct PsychometricParams {
  double m = 0;
  double w = 1;
  double gamma1 = 0;
  double gamma2 = 0;
};

/// P(right | x) of eq. H5.
double psychometric_p(const PsychometricParams& p, double x);

/// ∂P/∂(m, w, γ₁, γ₂) at x (used for the Fisher information, eq. H7).
void psychometric_gradient(const PsychometricParams& p, double x, double grad[4]);

/// Negative log-likelihood of eq. H6: −Σ_i [k_i log P(x_i) + (n_i − k_i) log(1 − P(x_i))],
/// with P clamped to [1e-12, 1 − 1e-12]. x, n, k: one entry per signal level.
double psychometric_nll(const PsychometricParams& p, const std::vector<double>& x,
                        const std::vector<double>& n, const std::vector<double>& k);

/// Options of fit_psychometric.
struct PsychometricFitOptions {
  int restarts = 10;            // Nelder–Mead starts; the first is fixed, the rest random
  std::uint64_t seed = 1;       // seed of the random starts (Stream::fit)
  int max_iterations = 4000;    // per start
  std::string ranges = "data";  // data: bounds from the x range (below) | ibl: ibllib's ranges
};

/// ibllib's psychometric ranges (brainbox compute_psychometric for plotting; x in % contrast):
/// m ∈ [−50, 50], w ∈ [10, 50], γ₁, γ₂ ∈ [0, 0.2]; first start (0, 40, 0.1, 0.1).
struct IblPsychometricRanges {
  static constexpr double m_min = -50, m_max = 50, w_min = 10, w_max = 50, lapse_max = 0.2;
  static constexpr double m_start = 0, w_start = 40, lapse_start = 0.1;
};

/// A fit: estimates, their standard errors (NaN for a parameter at its bound or when the
/// information matrix is singular), the minimised NLL, and a status.
struct PsychometricFit {
  PsychometricParams params;
  PsychometricParams se;
  double nll = 0;
  std::int64_t n_trials = 0;
  int n_levels = 0;
  bool converged = false;
  std::string status;           // "ok", "not_converged" or "too_few_levels" (< 3 levels)
};

/// Fits eq. H5 to counts: k[i] right choices of n[i] trials at signal x[i] (equal lengths).
/// ranges "data": lapses bounded to [0, 0.5], w to [1e-4, 100] × the x range, m to the x
/// range ± 10 ranges; "ibl": IblPsychometricRanges (x must be in % contrast). Throws
/// InvalidInput if the lengths differ, a count is negative or k > n, or ranges is unknown.
PsychometricFit fit_psychometric(const std::vector<double>& x, const std::vector<double>& n,
                                 const std::vector<double>& k,
                                 const PsychometricFitOptions& options = {});

}  // namespace iblrnn::behavior
