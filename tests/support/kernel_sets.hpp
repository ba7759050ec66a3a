// Test support: run a parameterised test under each kernel set (include/iblrnn/rnn/kernel_set.hpp).
// A set this CPU cannot run is skipped with the reason; the test names carry the set's name
// (never the CPU's), so they are the same on every machine.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iblrnn/rnn/kernel_set.hpp"

namespace iblrnn::testing {

inline const std::vector<rnn::KernelSet>& all_kernel_sets() {
  static const std::vector<rnn::KernelSet> sets{rnn::KernelSet::generic, rnn::KernelSet::avx2, rnn::KernelSet::avx512};
  return sets;
}

/// Makes `set` active for its lifetime, then restores the set that was active before.
class ScopedKernelSet {
 public:
  explicit ScopedKernelSet(rnn::KernelSet set) : previous_(rnn::active_kernel_set()) { rnn::use_kernel_set(set); }
  ~ScopedKernelSet() { rnn::use_kernel_set(previous_); }
  ScopedKernelSet(const ScopedKernelSet&) = delete;
  ScopedKernelSet& operator=(const ScopedKernelSet&) = delete;

 private:
  rnn::KernelSet previous_;
};

}  // namespace iblrnn::testing

/// In a TEST_P body: skips (visibly) when the CPU cannot run `set`, else makes it active
/// until the end of the enclosing scope.
#define IBLRNN_USE_KERNEL_SET(set)                                                           \
  if (!::iblrnn::rnn::kernel_set_supported(set))                                                  \
    GTEST_SKIP() << "this CPU does not run kernel set " << ::iblrnn::rnn::kernel_set_name(set)    \
                 << " (cpu: " << ::iblrnn::rnn::cpu_kernel_features() << ")";                     \
  const ::iblrnn::testing::ScopedKernelSet iblrnn_scoped_kernel_set_(set)
