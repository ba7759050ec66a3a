#include "iblrnn/analysis/unit_pools.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  require(X.cols() >= 2, "correlation_matrix", "X columns (steps)", "must be >= 2", X.cols());
  require(X.rows() >= 1, "correlation_matrix", "X rows (units)", "must be >= 1", X.rows());
  const Eigen::Index h = X.rows();
  const Eigen::VectorXd mean = X.rowwise().mean();
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(h, h);
  const Eigen::Index slab = 8192;
  for (Eigen::Index c0 = 0; c0 < X.cols(); c0 += slab) {
    const Eigen::Index nc = std::min(slab, X.cols() - c0);
    const Eigen::MatrixXd centred = X.middleCols(c0, nc).colwise() - mean;
    cov.selfadjointView<Eigen::Lower>().rankUpdate(centred);
  }
  cov = cov.selfadjointView<Eigen::Lower>();
  Eigen::MatrixXd corr(h, h);
  for (Eigen::Index i = 0; i < h; ++i)
    for (Eigen::Index j = 0; j < h; ++j) {
      const double d = std::sqrt(cov(i, i) * cov(j, j));
      corr(i, j) = i == j ? 1.0 : (d > 0 ? std::clamp(cov(i, j) / d, -1.0, 1.0) : 0.0);
    }
  return corr;
}

Eigen::MatrixXd row_distances(const Eigen::Ref<const Eigen::MatrixXd>& M) {
  const Eigen::Index n = M.rows();
  Eigen::MatrixXd D(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) D(i, j) = (M.row(i) - M.row(j)).norm();
  return D;
}

Linkage complete_linkage(const Eigen::Ref<const Eigen::MatrixXd>& D) {
  require(D.rows() == D.cols(), "complete_linkage", "D", "must be square", D.rows());
  require(D.rows() >= 1, "complete_linkage", "D size", "must be >= 1", D.rows());
  require(D.allFinite(), "complete_linkage", "D", "must be finite", "non-finite entry");
  require((D - D.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, D.cwiseAbs().maxCoeff()),
          "complete_linkage", "D", "must be symmetric", "asymmetric matrix");
  const int n = static_cast<int>(D.rows());
  Linkage L;
  L.n_leaves = n;
  L.merges.resize(std::max(0, n - 1), 4);
  // Active clusters: id (leaf or n + k), size, and the current cluster distance matrix.
  Eigen::MatrixXd dist = D;
  std::vector<int> id(n), size(n, 1);
  std::vector<bool> active(n, true);
  std::iota(id.begin(), id.end(), 0);
  for (int k = 0; k < n - 1; ++k) {
    double best = std::numeric_limits<double>::infinity();
    int bi = -1, bj = -1;
    for (int i = 0; i < n; ++i) {
      if (!active[i]) continue;
      for (int j = i + 1; j < n; ++j) {
        if (active[j] && dist(i, j) < best) {
          best = dist(i, j);
          bi = i;
          bj = j;
        }
      }
    }
    check_internal(bi >= 0, "complete_linkage: no pair to merge");
    L.merges(k, 0) = std::min(id[bi], id[bj]);
    L.merges(k, 1) = std::max(id[bi], id[bj]);
    L.merges(k, 2) = best;
    L.merges(k, 3) = size[bi] + size[bj];
    // Lance–Williams update for complete linkage: d(i∪j, m) = max(d(i, m), d(j, m)).
    for (int m = 0; m < n; ++m) {
      if (!active[m] || m == bi || m == bj) continue;
      dist(bi, m) = dist(m, bi) = std::max(dist(bi, m), dist(bj, m));
    }
    active[bj] = false;
    id[bi] = n + k;
    size[bi] += size[bj];
  }
  return L;
}

namespace {

void collect_leaves(const Linkage& L, int node, std::vector<int>& out) {
  // Iterative depth-first walk (left subtree first) to avoid deep recursion.
  std::vector<int> stack{node};
  while (!stack.empty()) {
    const int c = stack.back();
    stack.pop_back();
    if (c < L.n_leaves) {
      out.push_back(c);
    } else {
      const int k = c - L.n_leaves;
      stack.push_back(static_cast<int>(L.merges(k, 1)));
      stack.push_back(static_cast<int>(L.merges(k, 0)));
    }
  }
}

}  // namespace

std::vector<int> leaf_order(const Linkage& L) {
  std::vector<int> out;
  if (L.n_leaves == 0) return out;
  collect_leaves(L, L.n_leaves == 1 ? 0 : 2 * L.n_leaves - 2, out);
  return out;
}

std::vector<int> cut_linkage(const Linkage& L, int k) {
  require(k >= 1 && k <= L.n_leaves, "cut_linkage", "k", "must be in [1, n_leaves]", k);
  const int n = L.n_leaves;
  // Roots after undoing the last k − 1 merges: the top nodes of the first n − k merges.
  std::vector<int> roots;
  std::vector<bool> used(2 * n, false);
  for (int m = 0; m < n - k; ++m) {
    used[static_cast<int>(L.merges(m, 0))] = true;
    used[static_cast<int>(L.merges(m, 1))] = true;
  }
  for (int c = 0; c < n + (n - k); ++c)
    if (!used[c]) roots.push_back(c);
  check_internal(static_cast<int>(roots.size()) == k, "cut_linkage: wrong number of clusters");
  std::vector<int> label(n, -1);
  std::vector<std::pair<int, int>> smallest;  // (smallest leaf, root index)
  std::vector<std::vector<int>> members(k);
  for (int r = 0; r < k; ++r) {
    collect_leaves(L, roots[r], members[r]);
    smallest.emplace_back(*std::min_element(members[r].begin(), members[r].end()), r);
  }
  std::sort(smallest.begin(), smallest.end());
  for (int lab = 0; lab < k; ++lab)
    for (int leaf : members[smallest[lab].second]) label[leaf] = lab;
  return label;
}

UnitPools find_unit_pools(const Eigen::Ref<const Eigen::MatrixXd>& X,
                          const Eigen::Ref<const Eigen::MatrixXd>& W_rec,
                          const Eigen::Ref<const Eigen::VectorXd>& orientation) {
  const Eigen::Index h = X.rows();
  require(h >= 2, "find_unit_pools", "H", "must be >= 2", h);
  require(W_rec.rows() == h && W_rec.cols() == h, "find_unit_pools", "W_rec",
          "must be H x H with H = " + std::to_string(h), W_rec.rows());
  require(orientation.size() == h, "find_unit_pools", "orientation size", "must equal H",
          orientation.size());
  UnitPools u;
  u.correlation = correlation_matrix(X);
  u.linkage = complete_linkage(row_distances(u.correlation));
  u.pool = cut_linkage(u.linkage, 2);
  // Orient: pool A (label 0) has the larger mean orientation entry.
  double m[2] = {0, 0};
  int c[2] = {0, 0};
  for (Eigen::Index i = 0; i < h; ++i) {
    m[u.pool[i]] += orientation(i);
    ++c[u.pool[i]];
  }
  if (m[1] / c[1] > m[0] / c[0])
    for (auto& p : u.pool) p = 1 - p;
  const auto dendro = leaf_order(u.linkage);
  for (int pool = 0; pool < 2; ++pool)
    for (int leaf : dendro)
      if (u.pool[leaf] == pool) u.order.push_back(leaf);
  u.correlation_reordered.resize(h, h);
  u.W_rec_reordered.resize(h, h);
  for (Eigen::Index i = 0; i < h; ++i)
    for (Eigen::Index j = 0; j < h; ++j) {
      u.correlation_reordered(i, j) = u.correlation(u.order[i], u.order[j]);
      u.W_rec_reordered(i, j) = W_rec(u.order[i], u.order[j]);
    }
  double sw[2][2] = {}, sc[2][2] = {};
  int n[2][2] = {};
  for (Eigen::Index i = 0; i < h; ++i)
    for (Eigen::Index j = 0; j < h; ++j) {
      if (i == j) continue;
      const int a = u.pool[i], b = u.pool[j];
      sw[a][b] += W_rec(i, j);
      sc[a][b] += u.correlation(i, j);
      ++n[a][b];
    }
  for (int a = 0; a < 2; ++a) {
    u.size[a] = 0;
    for (int p : u.pool) u.size[a] += (p == a);
    for (int b = 0; b < 2; ++b) {
      u.mean_weight[a][b] = n[a][b] ? sw[a][b] / n[a][b] : 0.0;
      u.mean_correlation[a][b] = n[a][b] ? sc[a][b] / n[a][b] : 0.0;
    }
  }
  return u;
}

}  // namespace iblrnn::analysis
