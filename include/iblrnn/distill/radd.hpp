// RADD, representation and dynamics distillation (SPEC §6; docs/distill.md eq. D1–D11): a
// network's hidden states are projected to M coordinates, scaled into (−1, 1), and an M-unit
// tanh network is fitted to them in closed form by least squares of arctanh(z_t) on
// [z_{t−1}, x_t, 1] (teacher forcing), then run free, given a readout gain, and optionally
// refined on the free-running objective by gradient descent.
// Shapes: hidden states H (n_units × T), inputs X (3 × T), probabilities (2 × T: P(left),
// P(right)), reduced states (M × T); one column per step; session_start (T) flags.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "iblrnn/distill/tanh_map.hpp"

namespace iblrnn::distill {

/// z_t = (P (h_t − mean)) ⊘ scale (eq. D1–D2).
struct RaddProjection {
  Eigen::MatrixXd P;      // M × n_units projection (rows: stimulus, block readouts or PCs)
  Eigen::VectorXd mean;   // n_units mean hidden state that is subtracted
  Eigen::VectorXd scale;  // M per-coordinate divisors (> 0)

  /// Projects states H (n_units × T) to scaled coordinates (M × T).
  Eigen::MatrixXd apply(const Eigen::Ref<const Eigen::MatrixXd>& H) const;
  /// The scaled coordinates of the network's zero (initial) state, −(P mean) ⊘ scale (M).
  Eigen::VectorXd initial_state() const;
};

/// Builds the projection with mean = the mean column of H and scale_i chosen so that
/// max_t |(P(h_t − mean))_i| maps to scale_max (eq. D2). P is M × n_units; scale_max in (0, 1).
/// Throws InvalidInput on shape mismatch, a zero coordinate or scale_max outside (0, 1).
RaddProjection make_radd_projection(const Eigen::Ref<const Eigen::MatrixXd>& P,
                                    const Eigen::Ref<const Eigen::MatrixXd>& H, double scale_max);

/// Options of the closed-form fit (eq. D4–D5).
struct RaddFitOptions {
  double clip = 1.0 - 1e-6;        // |z| is clipped to this before arctanh
  double heldout_fraction = 0.33;  // share of transitions held out for R² (0: none)
  std::uint64_t seed = 1;          // seed of the held-out split (Stream::split)
};

/// The closed-form fit and its quality.
struct RaddFit {
  TanhMap map;                      // A (M × M), B (M × n_in), c (M)
  double r2_train = 0;              // one-step R² of z (pooled over coordinates), fitted steps
  double r2_heldout = 0;            // the same on held-out steps (NaN when none are held out)
  Eigen::VectorXd r2_heldout_unit;  // M per-coordinate held-out R²
  std::int64_t n_train = 0;         // transitions fitted
  std::int64_t n_heldout = 0;       // transitions held out
  std::int64_t n_clipped = 0;       // targets clipped before arctanh
};

/// Least squares of arctanh(clip(z_t)) on [z_{t−1}, x_t, 1] over the transitions t that do not
/// start a session, on a seeded split (eq. D4), with one-step R² (eq. D5). Z is M × T, X is
/// n_in × T. Throws InvalidInput on shape mismatch, bad options or too few transitions.
RaddFit fit_radd_dynamics(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                          const Eigen::Ref<const Eigen::MatrixXd>& X,
                          const std::vector<std::uint8_t>& session_start,
                          const RaddFitOptions& options = {});

/// Error of a free-running trajectory Ẑ against Z (both M × T) (eq. D7).
struct FreeRunError {
  Eigen::VectorXd error;  // (T) ‖ẑ_t − z_t‖ per step
  double rmse = 0;        // sqrt(mean_t ‖ẑ_t − z_t‖² / M)
  double r2 = 0;          // 1 − Σ‖ẑ − z‖² / Σ‖z − z̄‖²
};

/// Compares Ẑ with Z (both M × T). Throws InvalidInput on shape mismatch.
FreeRunError free_run_error(const Eigen::Ref<const Eigen::MatrixXd>& Z_free,
                            const Eigen::Ref<const Eigen::MatrixXd>& Z);

/// Readout gain g: least squares through the origin of ℓ_t = log p_R − log p_L on ẑ_stim,t,
/// with p clipped to [p_floor, 1 − p_floor] (eq. D8). probs is 2 × T, z_stim is T.
/// Throws InvalidInput on shape mismatch or when z_stim is all zero.
double fit_readout_gain(const Eigen::Ref<const Eigen::MatrixXd>& probs,
                        const Eigen::Ref<const Eigen::VectorXd>& z_stim, double p_floor = 1e-6);

/// The free-running objective L = (1/T) Σ_t ‖z_t − ẑ_t‖² of the map run from z_init (eq. D9);
/// when `grad` is given, fills it with ∂L/∂A, ∂L/∂B, ∂L/∂c (backpropagation through time).
/// Throws InvalidInput on shape mismatch.
double free_run_loss(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                     const Eigen::Ref<const Eigen::MatrixXd>& Z,
                     const Eigen::Ref<const Eigen::MatrixXd>& X,
                     const std::vector<std::uint8_t>& session_start, TanhMap* grad = nullptr);

/// Options of the gradient-descent refinement (eq. D9).
struct RaddRefineOptions {
  int n_steps = 100;         // gradient steps (0: none)
  double step_size = 1.0;    // initial step, adapted by backtracking (halve) / growth (× 1.5)
  double tolerance = 1e-12;  // stop when the relative decrease of L falls below this
};

/// Result of the refinement; loss never increases (backtracking line search).
struct RaddRefineResult {
  TanhMap map;
  double loss_start = 0;
  double loss_end = 0;
  int n_steps_taken = 0;
};

/// Gradient descent on L (eq. D9) from `start` with Armijo backtracking.
/// Throws InvalidInput on shape mismatch or bad options.
RaddRefineResult refine_radd(const TanhMap& start, const Eigen::Ref<const Eigen::VectorXd>& z_init,
                             const Eigen::Ref<const Eigen::MatrixXd>& Z,
                             const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const std::vector<std::uint8_t>& session_start,
                             const RaddRefineOptions& options = {});

/// Effective time constants 1/(1 − A_ii) in steps (M; +inf where A_ii ≥ 1) (eq. D11).
Eigen::VectorXd effective_time_constants(const Eigen::Ref<const Eigen::MatrixXd>& A);

/// Observation drive of unit `a` over unit `b`: (|B_a0| + |B_a1|) / (|B_b0| + |B_b1|) (eq. D11).
double input_drive_ratio(const Eigen::Ref<const Eigen::MatrixXd>& B, int a, int b);

}  // namespace iblrnn::distill
