// RADD's projections P (M × H) of hidden states (SPEC §6; docs/distill.md eq. D1): by default
// the in-plane stimulus and block readouts composed with the PCA projection, i.e. rows
// u_sᵀ P₂ᵀ and u_bᵀ P₂ᵀ, where P₂ (H × 2) holds PC1–PC2, u_s is the normalised plane image of
// the stimulus readout and u_b the normalised weights of a logistic decoder of the block side
// on plane coordinates (the analysis module's definitions, SPEC §5.2–5.5); or the first M PCs.
// Shapes: hidden H × N (one column per step); rows of P are unit vectors of the state space.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/analysis/analysis_config.hpp"

namespace iblrnn::distill {

/// Options of the readout projection (those of the analysis's decoders).
struct ReadoutProjectionOptions {
  analysis::Readout readout = analysis::Readout::difference;  // stimulus readout (analysis eq. A2)
  double train_fraction = 0.67;        // decoder training split
  std::uint64_t split_seed = 1;        // seed of that split
  double ridge = 1e-6;                 // decoder ridge
};

/// P (2 × H): rows = in-plane stimulus readout (pointing to "right") and in-plane block
/// readout (pointing to the right block). block_side (N) is each step's block side
/// (−1, +1; 0 = unbiased, unused). Throws InvalidInput on shapes, H < 2 or too few labels.
Eigen::MatrixXd readout_projection(const Eigen::Ref<const Eigen::MatrixXd>& hidden,
                                   const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                                   const std::vector<std::int8_t>& block_side,
                                   const ReadoutProjectionOptions& options = {});

/// P (M × H): the first M principal axes of hidden (each with its largest entry positive).
/// Throws InvalidInput unless 1 ≤ M ≤ H and N ≥ 2.
Eigen::MatrixXd principal_axes(const Eigen::Ref<const Eigen::MatrixXd>& hidden, int n_components);

}  // namespace iblrnn::distill
