// Unit pools (docs/analysis.md eq. A15–A16, SPEC §5.10): the correlation matrix of units'
// activity, complete-linkage agglomerative clustering on Euclidean distances between its
// rows, the cut into two pools, the unit order (pool by pool, dendrogram order within), the
// reordered correlation and recurrent matrices, and mean weights within and between pools.
// Shapes: X is H × N (one column per step); W_rec is H × H (row = target, column = source).
#pragma once

#include <array>
#include <vector>

#include <Eigen/Core>

namespace iblrnn::analysis {

/// Pearson correlation of the rows of X (H × N, N ≥ 2) → H × H; a constant unit has
/// correlation 0 with every other unit and 1 with itself. Throws InvalidInput on N < 2.
Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& X);

/// A dendrogram in SciPy's linkage layout: row k merges clusters (left, right) at `height`
/// into cluster n + k, of `size` leaves (leaves are 0..n−1).
struct Linkage {
  Eigen::MatrixXd merges;  // (n − 1) × 4: left, right, height, size
  int n_leaves = 0;
};

/// Complete-linkage clustering of a symmetric distance matrix D (n × n, n ≥ 1): the distance
/// of two clusters is the largest distance between their members (eq. A15); ties merge the
/// lowest-index pair first. Throws InvalidInput if D is not square, symmetric and finite.
Linkage complete_linkage(const Eigen::Ref<const Eigen::MatrixXd>& D);

/// Labels 0..k−1 of the leaves after undoing the last k − 1 merges (1 ≤ k ≤ n); labels are
/// numbered by the smallest leaf of each cluster. Throws InvalidInput on a bad k.
std::vector<int> cut_linkage(const Linkage& linkage, int k);

/// Leaves in dendrogram order (left subtree before right).
std::vector<int> leaf_order(const Linkage& linkage);

/// Euclidean distances between the rows of M (n × m) → n × n.
Eigen::MatrixXd row_distances(const Eigen::Ref<const Eigen::MatrixXd>& M);

/// The two-pool description of a network.
struct UnitPools {
  Eigen::MatrixXd correlation;            // H × H
  Linkage linkage;
  std::vector<int> pool;                  // H labels: 0 = pool A, 1 = pool B
  std::vector<int> order;                 // H units: pool A then pool B, dendrogram order within
  Eigen::MatrixXd correlation_reordered;  // H × H
  Eigen::MatrixXd W_rec_reordered;        // H × H
  std::array<int, 2> size{};              // units per pool
  std::array<std::array<double, 2>, 2> mean_weight{};       // [to][from] mean W_rec entries
  std::array<std::array<double, 2>, 2> mean_correlation{};  // [a][b] mean correlation (a≠b units)
};

/// Clusters units into two pools. Pool A is the pool whose mean `orientation` entry is larger
/// (e.g. the stimulus readout, so pool A drives "right"); within-pool means exclude the
/// diagonal. Throws InvalidInput if sizes disagree or H < 2.
UnitPools find_unit_pools(const Eigen::Ref<const Eigen::MatrixXd>& X,
                          const Eigen::Ref<const Eigen::MatrixXd>& W_rec,
                          const Eigen::Ref<const Eigen::VectorXd>& orientation);

}  // namespace iblrnn::analysis
