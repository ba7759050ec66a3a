// The instruction-set kernels of the recurrent cells (docs/design.md, "Kernel sets"): the
// GEMVs, outer-product sums, tanh/σ arrays and fused steps of cell.hpp and bptt.hpp are built
// for several instruction sets and one set is chosen once, at the first use, from CPU
// detection: the best the CPU runs, or the one the environment variable IBLRNN_KERNELS names
// (generic | avx2 | avx512; empty = automatic). The rest of the library is built for plain
// x86-64, so one binary runs on any x86-64 node. Same kernel set and build → the same bits.
//   generic  x86-64 (SSE2): Eigen products and Eigen's exp
//   avx2     AVX2 + FMA:    the same on 4-wide vectors with fused multiply-adds
//   avx512   AVX-512 F/DQ/BW/VL/CD: register-blocked products and the fused cell steps
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iblrnn::rnn {

enum class KernelSet { generic, avx2, avx512 };

/// "generic", "avx2" or "avx512".
const char* kernel_set_name(KernelSet set);

/// The set named `name`; throws InvalidInput naming `where` and the valid names otherwise.
KernelSet parse_kernel_set(std::string_view name, const std::string& where);

/// Whether a CPU with `cpu_features` (space-separated, as cpu_kernel_features() gives them)
/// runs `set`'s instructions.
bool kernel_set_runs_on(KernelSet set, std::string_view cpu_features);

/// The set to use on a CPU with `cpu_features` when `requested` (IBLRNN_KERNELS's value) asks
/// for one: the best it runs when `requested` is empty, else the named set. Throws
/// InvalidInput naming `where` for an unknown name or a set this CPU does not run.
KernelSet choose_kernel_set(std::string_view requested, std::string_view cpu_features,
                            const std::string& where);

/// Whether this CPU (and its operating system) runs `set`'s instructions.
bool kernel_set_supported(KernelSet set);

/// The sets this CPU runs, from generic up.
std::vector<KernelSet> supported_kernel_sets();

/// The CPU features the sets need that this CPU has, e.g. "avx512f avx512dq … avx2 fma".
std::string cpu_kernel_features();

/// The active set: chosen on the first call (from IBLRNN_KERNELS if set and non-empty, else
/// the best supported). Throws InvalidInput when IBLRNN_KERNELS names an unknown set or one
/// this CPU cannot run (nothing is chosen then).
KernelSet active_kernel_set();

/// Makes `set` the active set for every later computation (tests, benchmarks); throws
/// core::InvalidInput when this CPU cannot run it. Not to be called while another thread computes.
void use_kernel_set(KernelSet set);

/// "avx512 (cpu: avx512f avx512dq avx512bw avx512vl avx512cd avx2 fma)": the active set and
/// the CPU's features, as `iblrnn --version` prints them. Throws as active_kernel_set().
std::string kernel_set_description();

}  // namespace iblrnn::rnn
