// Seeded generators: determinism, stream independence, and distribution moments.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;


TEST(Rng, SameSeedAndStreamGiveTheSameSequence) {
  Rng a(5, Stream::trials, 2), b(5, Stream::trials, 2), c(5, Stream::blocks, 2), d(6, Stream::trials, 2);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    same_c += x == c.next();
    same_d += x == d.next();
  }
  EXPECT_EQ(same_c, 0);
  EXPECT_EQ(same_d, 0);
}

TEST(Rng, UniformNormalAndBelowHaveTheirMoments) {
  Rng r(1, Stream::agent);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, sn4 = 0, sb = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    const double z = r.normal();
    sn += z, sn2 += z * z, sn4 += z * z * z * z;
    const auto k = r.below(6);
    ASSERT_LT(k, 6u);
    sb += k;
  }
  EXPECT_NEAR(su / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sn / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(sn2 / n, 1.0, 4 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sn4 / n, 3.0, 4 * std::sqrt(96.0 / n));
  EXPECT_NEAR(sb / n, 2.5, 4 * std::sqrt(35.0 / 12 / n));
}

TEST(Rng, GeometricAndExponentialHaveTheirMeans) {
  Rng r(2, Stream::blocks);
  const int n = 100000;
  double sg = 0, se = 0;
  for (int i = 0; i < n; ++i) {
    const auto g = r.geometric(0.2);
    ASSERT_GE(g, 1);
    sg += g;
    se += r.exponential(3.0);
  }
  EXPECT_NEAR(sg / n, 5.0, 4 * std::sqrt(0.8 / 0.04 / n));  // mean 1/p, var (1−p)/p²
  EXPECT_NEAR(se / n, 3.0, 4 * 3.0 / std::sqrt(n));
}

TEST(CounterDraws, NormalPairFromBitsIsStandardNormal) {
  const int n = 100000;
  double s = 0, s2 = 0, cross = 0;
  for (int i = 0; i < n; ++i) {
    double a, b;
    bits_to_normal_pair(mix64(hash_key(1, 2, i)), mix64(hash_key(1, 3, i)), a, b);
    s += a + b, s2 += a * a + b * b, cross += a * b;
  }
  EXPECT_NEAR(s / (2 * n), 0.0, 4 / std::sqrt(2 * n));
  EXPECT_NEAR(s2 / (2 * n), 1.0, 4 * std::sqrt(2.0 / (2 * n)));
  EXPECT_NEAR(cross / n, 0.0, 4 / std::sqrt(n));
}

TEST(CounterDraws, HashKeySplitsIntoItsFirstRoundsAndItsLast) {
  // eq. R1's key hash written out round by round, the reference for both halves.
  auto reference = [](std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
    std::uint64_t z = mix64(a) ^ b;
    z = mix64(z) ^ (c * 0xd1b54a32d192ed03ULL);
    z = mix64(z) ^ (d * 0x8cb92ba72f3d8dd7ULL);
    return mix64(z);
  };
  for (std::uint64_t i = 0; i < 50; ++i) {
    const std::uint64_t a = mix64(i), b = i % 9, c = i * 7919, d = (i << 8) | (i % 10);
    EXPECT_EQ(hash_key(a, b, c, d), reference(a, b, c, d));
    EXPECT_EQ(hash_key_last(hash_key_first(a, b, c), d), hash_key(a, b, c, d));
  }
  EXPECT_NE(hash_key_first(1, 3, 0), hash_key(1, 3, 0));  // the first rounds are not a key
}
