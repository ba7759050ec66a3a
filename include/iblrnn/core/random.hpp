// Seeded random numbers for iblrnn (docs/design.md eq. R1–R3).
// Every random number flows from an explicit 64-bit seed and a named stream, so that
// independent purposes (task, init, split, ...) never share draws.  Normals are derived from
// the raw engine bits (Box–Muller), so results do not depend on the standard library.
#pragma once

#include <cmath>
#include <cstdint>

namespace iblrnn::core {

/// Stream identifiers: one per purpose, so that changing one purpose never shifts another.
enum class Stream : std::uint64_t {
  blocks = 1,        // block lengths and first block side of a session
  trials = 2,        // stimulus side and signal of each trial
  noise = 3,         // observation noise (counter-based: per session, trial, step)
  agent = 4,         // randomness of an agent's own choices
  init = 5,          // network initialisation
  train_sessions = 6,
  split = 7,         // held-out splits of analyses
  fit = 8,           // restarts of fits
  eval = 9,          // evaluation sessions (seed offset disjoint from training)
};

/// SplitMix64 finaliser: a bijective 64-bit mix (eq. R1).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// hash_key's rounds over (a, b, c): hash_key(a, b, c, d) = hash_key_last(hash_key_first(a, b, c), d),
/// so that many keys sharing (a, b, c) pay for those rounds once.
constexpr std::uint64_t hash_key_first(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return mix64(mix64(mix64(a) ^ b) ^ (c * 0xd1b54a32d192ed03ULL));
}

/// hash_key's last round, over d.
constexpr std::uint64_t hash_key_last(std::uint64_t first, std::uint64_t d) {
  return mix64(first ^ (d * 0x8cb92ba72f3d8dd7ULL));
}

/// Hash of a key tuple, used to key streams and counter-based draws.
constexpr std::uint64_t hash_key(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
                                 std::uint64_t d = 0) {
  return hash_key_last(hash_key_first(a, b, c), d);
}

/// Uniform double in [0, 1) from the top 53 bits of x.
constexpr double bits_to_unit(std::uint64_t x) { return double(x >> 11) * 0x1.0p-53; }

/// Uniform double in (0, 1] from the top 53 bits of x (safe for log).
constexpr double bits_to_open_unit(std::uint64_t x) { return double((x >> 11) + 1) * 0x1.0p-53; }

/// Two independent N(0,1) values from two 64-bit words (Box–Muller, eq. R2).
inline void bits_to_normal_pair(std::uint64_t a, std::uint64_t b, double& z0, double& z1) {
  const double r = std::sqrt(-2.0 * std::log(bits_to_open_unit(a)));
  const double t = 6.283185307179586476925 * bits_to_unit(b);
  z0 = r * std::cos(t);
  z1 = r * std::sin(t);
}

/// xoshiro256** engine seeded through SplitMix64 from (seed, stream, index) (eq. R3).
class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream, std::uint64_t index = 0) {
    std::uint64_t z = hash_key(seed, static_cast<std::uint64_t>(stream), index);
    for (auto& s : s_) {
      z += 0x9e3779b97f4a7c15ULL;
      s = mix64(z);
    }
  }

  /// Next raw 64-bit word.
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1).
  double uniform() { return bits_to_unit(next()); }
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in {0, ..., n-1}, n >= 1 (unbiased, Lemire's method).
  std::uint64_t below(std::uint64_t n) {
    std::uint64_t x = next();
    __uint128_t m = static_cast<__uint128_t>(x) * n;
    std::uint64_t l = static_cast<std::uint64_t>(m);
    if (l < n) {
      const std::uint64_t t = (0 - n) % n;
      while (l < t) {
        x = next();
        m = static_cast<__uint128_t>(x) * n;
        l = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Standard normal (Box–Muller, second value cached).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double z0, z1;
    const std::uint64_t a = next();
    bits_to_normal_pair(a, next(), z0, z1);
    spare_ = z1;
    has_spare_ = true;
    return z0;
  }
  /// Geometric on {1, 2, ...} with success probability p in (0, 1].
  std::int64_t geometric(double p) {
    if (p >= 1.0) return 1;
    const double u = bits_to_open_unit(next());
    return 1 + static_cast<std::int64_t>(std::floor(std::log(u) / std::log1p(-p)));
  }
  /// Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(bits_to_open_unit(next())); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace iblrnn::core
