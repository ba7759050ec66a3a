#include "iblrnn/rnn/kernel_set.hpp"

#include <atomic>
#include <cstdlib>

#include "iblrnn/core/error.hpp"
#include "kernel_table.hpp"

namespace iblrnn {
namespace {

constexpr const char* kEnvironment = "IBLRNN_KERNELS";

// The CPU features each set is compiled for (CMakeLists.txt, IBLRNN_KERNEL_SETS), as
// __builtin_cpu_supports names them; the CPU must have all of them.
#if defined(__x86_64__)
constexpr const char* kAvx2Features[] = {"avx2", "fma"};
constexpr const char* kAvx512Features[] = {"avx512f", "avx512dq", "avx512bw", "avx512vl",
                                           "avx512cd", "avx2", "fma"};

bool cpu_has(const char* feature) {
  __builtin_cpu_init();
  // __builtin_cpu_supports needs a literal name: one branch per feature used above.
  const std::string_view f(feature);
  if (f == "avx2") return __builtin_cpu_supports("avx2");
  if (f == "fma") return __builtin_cpu_supports("fma");
  if (f == "avx512f") return __builtin_cpu_supports("avx512f");
  if (f == "avx512dq") return __builtin_cpu_supports("avx512dq");
  if (f == "avx512bw") return __builtin_cpu_supports("avx512bw");
  if (f == "avx512vl") return __builtin_cpu_supports("avx512vl");
  if (f == "avx512cd") return __builtin_cpu_supports("avx512cd");
  return false;
}

template <std::size_t N>
bool cpu_has_all(const char* const (&features)[N]) {
  for (const char* f : features)
    if (!cpu_has(f)) return false;
  return true;
}
#endif

const detail::KernelTable& table_of(KernelSet set) {
  switch (set) {
#if defined(__x86_64__)
    case KernelSet::avx512: return detail::avx512::kernel_table;
    case KernelSet::avx2: return detail::avx2::kernel_table;
#else
    case KernelSet::avx512:
    case KernelSet::avx2: break;
#endif
    case KernelSet::generic: break;
  }
  return detail::generic::kernel_table;
}

std::atomic<const detail::KernelTable*> g_table{nullptr};
std::atomic<int> g_set{-1};

void activate(KernelSet set) {
  g_set.store(static_cast<int>(set), std::memory_order_relaxed);
  g_table.store(&table_of(set), std::memory_order_release);
}

void require_supported(KernelSet set, const char* where) {
  if (kernel_set_supported(set)) return;
  std::string sets;
  for (KernelSet s : supported_kernel_sets()) sets += std::string(sets.empty() ? "" : ", ") + kernel_set_name(s);
  const std::string features = cpu_kernel_features();
  throw InvalidInput(std::string(where) + ": kernel set must be one this CPU runs (" + sets +
                     "; cpu: " + (features.empty() ? "none" : features) + "), got " +
                     show_value(std::string(kernel_set_name(set))));
}

KernelSet select() {
  const char* env = std::getenv(kEnvironment);
  KernelSet set = supported_kernel_sets().back();
  if (env && *env) {
    set = parse_kernel_set(env, kEnvironment);
    require_supported(set, kEnvironment);
  }
  activate(set);
  return set;
}

}  // namespace

const char* kernel_set_name(KernelSet set) {
  switch (set) {
    case KernelSet::generic: return "generic";
    case KernelSet::avx2: return "avx2";
    case KernelSet::avx512: return "avx512";
  }
  return "generic";
}

KernelSet parse_kernel_set(std::string_view name, const std::string& where) {
  for (KernelSet set : {KernelSet::generic, KernelSet::avx2, KernelSet::avx512})
    if (name == kernel_set_name(set)) return set;
  throw InvalidInput(where + ": kernel set must be one of generic, avx2, avx512, got " +
                     show_value(std::string(name)));
}

bool kernel_set_supported(KernelSet set) {
  switch (set) {
    case KernelSet::generic: return true;
#if defined(__x86_64__)
    case KernelSet::avx2: return cpu_has_all(kAvx2Features);
    case KernelSet::avx512: return cpu_has_all(kAvx512Features);
#else
    case KernelSet::avx2:
    case KernelSet::avx512: return false;
#endif
  }
  return false;
}

std::vector<KernelSet> supported_kernel_sets() {
  std::vector<KernelSet> out;
  for (KernelSet set : {KernelSet::generic, KernelSet::avx2, KernelSet::avx512})
    if (kernel_set_supported(set)) out.push_back(set);
  return out;
}

std::string cpu_kernel_features() {
  std::string out;
#if defined(__x86_64__)
  for (const char* f : kAvx512Features)
    if (cpu_has(f)) out += std::string(out.empty() ? "" : " ") + f;
#endif
  return out;
}

KernelSet active_kernel_set() {
  const int set = g_set.load(std::memory_order_relaxed);
  if (set >= 0 && g_table.load(std::memory_order_acquire)) return static_cast<KernelSet>(set);
  return select();
}

void use_kernel_set(KernelSet set) {
  require_supported(set, "use_kernel_set");
  activate(set);
}

std::string kernel_set_description() {
  const KernelSet set = active_kernel_set();
  const std::string features = cpu_kernel_features();
  return std::string(kernel_set_name(set)) + " (cpu: " + (features.empty() ? "none" : features) + ")";
}

namespace detail {

const KernelTable& kernels() {
  const KernelTable* table = g_table.load(std::memory_order_acquire);
  if (table) [[likely]] return *table;
  select();
  return *g_table.load(std::memory_order_acquire);
}

}  // namespace detail
}  // namespace iblrnn
