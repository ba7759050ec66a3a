#include "iblrnn/rnn/kernel_set.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "iblrnn/core/error.hpp"
#include "kernel_table.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {
namespace {

constexpr const char* kEnvironment = "IBLRNN_KERNELS";
constexpr KernelSet kAllSets[] = {KernelSet::generic, KernelSet::avx2, KernelSet::avx512};

// The CPU features each set is compiled for (CMakeLists.txt, IBLRNN_KERNEL_SETS), named as
// __builtin_cpu_supports names them; a CPU runs a set when it has all of them.
const std::vector<std::string_view>& required_features(KernelSet set) {
  static const std::vector<std::string_view> generic, avx2{"avx2", "fma"},
      avx512{"avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd", "avx2", "fma"};
  switch (set) {
    case KernelSet::avx2: return avx2;
    case KernelSet::avx512: return avx512;
    case KernelSet::generic: break;
  }
  return generic;
}

#if defined(__x86_64__)
bool cpu_has(std::string_view f) {
  __builtin_cpu_init();
  // __builtin_cpu_supports needs a literal name: one branch per feature named above.
  if (f == "avx2") return __builtin_cpu_supports("avx2");
  if (f == "fma") return __builtin_cpu_supports("fma");
  if (f == "avx512f") return __builtin_cpu_supports("avx512f");
  if (f == "avx512dq") return __builtin_cpu_supports("avx512dq");
  if (f == "avx512bw") return __builtin_cpu_supports("avx512bw");
  if (f == "avx512vl") return __builtin_cpu_supports("avx512vl");
  if (f == "avx512cd") return __builtin_cpu_supports("avx512cd");
  return false;
}
#endif

bool has_word(std::string_view words, std::string_view word) {
  std::size_t i = 0;
  while (i < words.size()) {
    const std::size_t j = std::min(words.find(' ', i), words.size());
    if (words.substr(i, j - i) == word) return true;
    i = j + 1;
  }
  return false;
}

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

KernelSet select() {
  const char* env = std::getenv(kEnvironment);
  const KernelSet set = choose_kernel_set(env ? env : "", cpu_kernel_features(), kEnvironment);
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
  for (KernelSet set : kAllSets)
    if (name == kernel_set_name(set)) return set;
  throw InvalidInput(where + ": kernel set must be one of generic, avx2, avx512, got " +
                     show_value(std::string(name)));
}

bool kernel_set_runs_on(KernelSet set, std::string_view cpu_features) {
#if !defined(__x86_64__)
  if (set != KernelSet::generic) return false;  // only the generic set is built
#endif
  for (std::string_view f : required_features(set))
    if (!has_word(cpu_features, f)) return false;
  return true;
}

KernelSet choose_kernel_set(std::string_view requested, std::string_view cpu_features,
                            const std::string& where) {
  if (requested.empty()) {
    KernelSet best = KernelSet::generic;
    for (KernelSet set : kAllSets)
      if (kernel_set_runs_on(set, cpu_features)) best = set;
    return best;
  }
  const KernelSet set = parse_kernel_set(requested, where);
  if (kernel_set_runs_on(set, cpu_features)) return set;
  std::string sets;
  for (KernelSet s : kAllSets)
    if (kernel_set_runs_on(s, cpu_features)) sets += std::string(sets.empty() ? "" : ", ") + kernel_set_name(s);
  throw InvalidInput(where + ": kernel set must be one this CPU runs (" + sets + "; cpu: " +
                     (cpu_features.empty() ? std::string("none") : std::string(cpu_features)) +
                     "), got " + show_value(std::string(requested)));
}

bool kernel_set_supported(KernelSet set) { return kernel_set_runs_on(set, cpu_kernel_features()); }

std::vector<KernelSet> supported_kernel_sets() {
  std::vector<KernelSet> out;
  for (KernelSet set : kAllSets)
    if (kernel_set_supported(set)) out.push_back(set);
  return out;
}

std::string cpu_kernel_features() {
  std::string out;
#if defined(__x86_64__)
  for (std::string_view f : required_features(KernelSet::avx512))
    if (cpu_has(f)) out += (out.empty() ? "" : " ") + std::string(f);
#endif
  return out;
}

KernelSet active_kernel_set() {
  const int set = g_set.load(std::memory_order_relaxed);
  if (set >= 0 && g_table.load(std::memory_order_acquire)) return static_cast<KernelSet>(set);
  return select();
}

void use_kernel_set(KernelSet set) {
  activate(choose_kernel_set(kernel_set_name(set), cpu_kernel_features(), "use_kernel_set"));
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
}  // namespace iblrnn::rnn
