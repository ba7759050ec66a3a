// Training-engine throughput (bench/README.md, "Training engine"): RNN steps per second,
// forward (closed loop through the task engine) and backward (BPTT), for one gradient step
// of the paper2020 preset (one 4-block session) and for batches, lock-step vs one session at
// a time, on one and two threads; and the machine's FMA peak in the same run. Counter rnn_steps_per_s = RNN steps played and
// backpropagated per wall-clock second; gflops = 16.7 kFLOP per step (H = 50) × steps/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/pipeline/presets.hpp"
#include "iblrnn/rnn/cell.hpp"
#include "iblrnn/rnn/cell_f32.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/train/trainer.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

constexpr double kFlopPerStep = 16.7e3;

// FLOP of one RNN step, forward and backward, for a cell of G gates (rnn 1, gru 3, lstm 4)
// and H units: per gate block the products with W_hh forward, W_hhᵀ backward and the
// weight-gradient sum (2GH² each) and the input terms (18GH), plus the readout (16H).
// 16.7 kFLOP for the vanilla cell at H = 50.
double flop_per_step(int G, int H) { return G * (6.0 * H * H + 18.0 * H) + 16.0 * H; }

// The benchmark argument 0, 1, 2 is the enumerator rnn, gru, lstm.
Arch arch_of(std::int64_t a) { return static_cast<Arch>(a); }

Network bench_network(Arch arch, int H) {
  NetworkConfig c;
  c.arch = arch;
  c.n_hidden = H;
  // Fresh weights: the network's probabilities stay near 0.5, so it never crosses the act
  // threshold and every trial runs its n_obs_max observation steps, as at the start of
  // training (paper2020's trained network acts after one or two).
  return Network::init(c, 1);
}

void report(benchmark::State& state, std::int64_t steps) {
  state.counters["rnn_steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["gflops"] =
      benchmark::Counter(static_cast<double>(steps) * kFlopPerStep / 1e9, benchmark::Counter::kIsRate);
}

// Question: RNN steps/s of one gradient step of paper2020 (batch 1, one thread)?
void BM_GradientStep_Batch1(benchmark::State& state) {
  const Arch arch = arch_of(state.range(0));
  TaskConfig task;
  TrainConfig cfg = preset_config("paper2020").train;
  cfg.n_threads = 1;
  Trainer trainer(task, cfg, bench_network(arch, 50));
  std::int64_t steps = 0;
  for (auto _ : state) steps += trainer.step().n_rnn_steps;
  report(state, steps);
  // Per FLOP of the cell (the vanilla cell's gflops above counts 16.7 kFLOP per step).
  state.counters["cell_gflops"] = benchmark::Counter(
      static_cast<double>(steps) * flop_per_step(n_gates(arch_of(state.range(0))), 50) / 1e9,
      benchmark::Counter::kIsRate);
  state.SetLabel(choice_name(arch));
}
BENCHMARK(BM_GradientStep_Batch1)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Question: the trainer's own batched throughput (batch B, T threads; its automatic schedule:
// one session at a time per thread for the vanilla cell with H <= 64)?
void BM_GradientStep_Trainer(benchmark::State& state) {
  TaskConfig task;
  TrainConfig cfg;
  cfg.batch_size = static_cast<int>(state.range(0));
  cfg.n_threads = static_cast<int>(state.range(1));
  Trainer trainer(task, cfg, bench_network(Arch::rnn, 50));
  std::int64_t steps = 0;
  for (auto _ : state) steps += trainer.step().n_rnn_steps;
  report(state, steps);
}
BENCHMARK(BM_GradientStep_Trainer)
    ->Args({16, 1})->Args({16, 2})->Args({64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Question (the cost curve, bench/cost_curve.py): time per RNN step against H for each cell,
// batch 1 on one thread (paper2020's step) and the trainer's default batch 16 on two threads?
// Counter ns_per_step, and gflops with flop_per_step(G, H).
void cost_curve(benchmark::State& state, Precision precision) {
  const std::int64_t a = state.range(0);
  const int H = static_cast<int>(state.range(1)), batch = static_cast<int>(state.range(2));
  TaskConfig task;
  TrainConfig cfg = preset_config("paper2020").train;
  cfg.batch_size = batch;
  cfg.n_threads = batch == 1 ? 1 : 2;
  cfg.precision = precision;
  Trainer trainer(task, cfg, bench_network(arch_of(a), H));
  std::int64_t steps = 0;
  for (auto _ : state) steps += trainer.step().n_rnn_steps;
  state.counters["ns_per_step"] = benchmark::Counter(
      static_cast<double>(steps) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["gflops"] = benchmark::Counter(
      static_cast<double>(steps) * flop_per_step(n_gates(arch_of(a)), H) / 1e9, benchmark::Counter::kIsRate);
  state.counters["threads"] = cfg.n_threads;
  state.SetLabel(std::string(choice_name(arch_of(a))) + (precision == Precision::float32 ? " float32" : ""));
}
void BM_CostCurve(benchmark::State& state) { cost_curve(state, Precision::float64); }
BENCHMARK(BM_CostCurve)
    ->ArgsProduct({{0, 1, 2}, {2, 4, 8, 16, 32, 50, 64, 128, 256, 512}, {1, 16}})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Question (float32 training, docs/rnn.md): the same steps with train.precision = float32
// (its gflops counts the same FLOP as BM_CostCurve, so the ratio to BM_FmaPeak is the
// fraction of the float64 peak the issue asks about)?
void BM_CostCurveFloat32(benchmark::State& state) { cost_curve(state, Precision::float32); }
BENCHMARK(BM_CostCurveFloat32)
    ->ArgsProduct({{0, 1, 2}, {16, 50, 128, 256, 512}, {1, 16}})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Question: how long does the network's forward step take alone, without the task around
// it (bench/README.md, "Float32 training": what stands between the vanilla cell at H = 50
// and 0.55)? One sequence: each step's hidden state is the next one's input state, the
// input x fixed. Counter ns_per_step; compare with BM_CostCurve's whole step (forward and
// backward, with the task).
void forward_alone(benchmark::State& state, Precision precision) {
  const Arch arch = arch_of(state.range(0));
  const int H = static_cast<int>(state.range(1));
  const Network net = bench_network(arch, H);
  const int S = net.state_size(), C = cache_rows(arch, H);
  const double x[3] = {0.4, -0.2, 0.0};
  double p[2] = {0.5, 0.5};
  constexpr std::int64_t kSteps = 1000;
  std::int64_t steps = 0;
  if (precision == Precision::float32) {
    CellKernelF32 kernel;
    kernel.prepare(net);
    std::vector<float> a(C, 0.0f), b(C, 0.0f);
    for (auto _ : state) {
      for (std::int64_t t = 0; t < kSteps; ++t) {
        kernel.forward(net, x, a.data(), b.data(), p);
        std::swap(a, b);
      }
      steps += kSteps;
    }
  } else {
    CellKernel kernel(net, 1);
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(C, 1), b = Eigen::MatrixXd::Zero(C, 1);
    const Eigen::Map<const Eigen::MatrixXd> xm(x, 3, 1);
    Eigen::Map<Eigen::MatrixXd> pm(p, 2, 1);
    for (auto _ : state) {
      for (std::int64_t t = 0; t < kSteps; ++t) {
        kernel.forward(net, xm, a.topRows(S), b, pm);
        a.swap(b);
      }
      steps += kSteps;
    }
  }
  benchmark::DoNotOptimize(p[0]);
  state.counters["ns_per_step"] = benchmark::Counter(
      static_cast<double>(steps) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(std::string(choice_name(arch)) + (precision == Precision::float32 ? " float32" : ""));
}
void BM_ForwardAlone(benchmark::State& state) { forward_alone(state, Precision::float64); }
void BM_ForwardAloneFloat32(benchmark::State& state) { forward_alone(state, Precision::float32); }
BENCHMARK(BM_ForwardAlone)->Args({0, 50})->Args({1, 50})->Args({2, 50})->UseRealTime();
BENCHMARK(BM_ForwardAloneFloat32)->Args({0, 50})->Args({1, 50})->Args({2, 50})->UseRealTime();

// Question: lock-step over all sessions of a thread vs one session at a time, for the same
// batch (B sessions, T threads)? Gradient of the whole batch, as the trainer computes it.
void gradient_of_batch(benchmark::State& state, ClosedLoopGradient::Schedule schedule) {
  TaskConfig task;
  const int B = static_cast<int>(state.range(0)), n_threads = static_cast<int>(state.range(1));
  const Network net = bench_network(Arch::rnn, 50);
  ClosedLoopGradient engine(net, n_threads, schedule);
  Network grad = Network::zeros_like(net);
  std::int64_t round = 0, steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto plans = make_sessions(task, 1000 + round++, B);
    state.ResumeTiming();
    steps += engine.run(task, plans, LossKind::neg_prob, 0, grad).n_rnn_steps;
  }
  report(state, steps);
}
void BM_GradientStep_LockStep(benchmark::State& state) {
  gradient_of_batch(state, ClosedLoopGradient::Schedule::lock_step);
}
void BM_GradientStep_OneSessionPerThread(benchmark::State& state) {
  gradient_of_batch(state, ClosedLoopGradient::Schedule::one_at_a_time);
}
BENCHMARK(BM_GradientStep_LockStep)
    ->Args({8, 1})->Args({16, 2})->Args({64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GradientStep_OneSessionPerThread)
    ->Args({8, 1})->Args({16, 2})->Args({64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Question: the machine's float64 FMA peak on one core and on all cores (the denominator of
// the FLOP-peak fractions): 12 independent chains of a multiply and an add on vectors of the
// widest instruction set this CPU runs, whatever the build targets (the portable build
// compiles this file for plain x86-64, whose 2-wide peak would be far below the kernels').
// Returns the FLOP done. One body for every width W (doubles per vector, GCC vector
// extensions), inlined into a function per instruction set, where it is compiled for that
// set's registers; GCC's C++ default (-ffp-contract=fast) fuses the multiply and the add
// into an FMA where the set has one (2 FLOP each either way).
template <int W> struct Doubles;
template <> struct Doubles<8> { typedef double type __attribute__((vector_size(64))); };
template <> struct Doubles<4> { typedef double type __attribute__((vector_size(32))); };
template <> struct Doubles<2> { typedef double type __attribute__((vector_size(16))); };

template <int W>
[[gnu::always_inline]] inline double fma_chains(std::int64_t iters, double* sink) {
  using Vec = typename Doubles<W>::type;
  Vec a[12];
  for (int i = 0; i < 12; ++i) a[i] = Vec{} + (1.0 + 1e-3 * i);
  const Vec m = Vec{} + 0.999999, c = Vec{} + 1e-9;
  for (std::int64_t k = 0; k < iters; ++k)
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) a[i] = a[i] * m + c;
  double s = 0;
  for (int i = 0; i < 12; ++i)
    for (int l = 0; l < W; ++l) s += a[i][l];
  *sink = s;
  return static_cast<double>(iters) * 12 * W * 2;
}

__attribute__((target("avx512f"))) double fma_chains_avx512(std::int64_t iters, double* sink) {
  return fma_chains<8>(iters, sink);
}
__attribute__((target("avx2,fma"))) double fma_chains_avx2(std::int64_t iters, double* sink) {
  return fma_chains<4>(iters, sink);
}
double fma_chains_sse2(std::int64_t iters, double* sink) { return fma_chains<2>(iters, sink); }

void BM_FmaPeak(benchmark::State& state) {
  const int n_threads = static_cast<int>(state.range(0));
  constexpr std::int64_t kIters = 20'000'000;
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f"), avx2 = __builtin_cpu_supports("avx2");
  state.SetLabel(avx512 ? "avx512" : avx2 ? "avx2" : "sse2");
  std::vector<double> sink(n_threads), flop(n_threads);
  auto chains = [&](int t) {
    flop[t] = avx512 ? fma_chains_avx512(kIters, &sink[t])
              : avx2 ? fma_chains_avx2(kIters, &sink[t])
                     : fma_chains_sse2(kIters, &sink[t]);
  };
  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int t = 1; t < n_threads; ++t) threads.emplace_back(chains, t);
    chains(0);
    for (auto& th : threads) th.join();
  }
  benchmark::DoNotOptimize(sink.data());
  double total = 0;
  for (double f : flop) total += f;
  state.counters["gflops"] = benchmark::Counter(total / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FmaPeak)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Question: how long does one cache line take to move from one core to another on this
// machine? Two threads hand a counter back and forth, each waiting for the other's value
// (one atomic on a line of its own); counter ns_one_way = time / hand-offs. Work split
// between the cores of a batch-1 step pays this for every line one core writes and the other
// reads (bench/README.md, "Float32 training": the second core at batch 1).
void BM_CoreToCore(benchmark::State& state) {
  constexpr std::int64_t kRounds = 200'000;
  struct alignas(64) Line {
    std::atomic<std::int64_t> value{0};
  };
  Line line;
  std::int64_t handoffs = 0;
  for (auto _ : state) {
    line.value.store(0);
    std::thread other([&] {
      for (std::int64_t i = 1; i < 2 * kRounds; i += 2) {
        while (line.value.load(std::memory_order_acquire) != i) {
        }
        line.value.store(i + 1, std::memory_order_release);
      }
    });
    for (std::int64_t i = 0; i < 2 * kRounds; i += 2) {
      line.value.store(i + 1, std::memory_order_release);
      while (line.value.load(std::memory_order_acquire) != i + 2) {
      }
    }
    other.join();
    handoffs += 2 * kRounds;
  }
  state.counters["ns_one_way"] =
      benchmark::Counter(static_cast<double>(handoffs) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_CoreToCore)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Question (float32 training, [speed] item 3): how much faster are the products that
// dominate a step when the weights are float32 instead of float64? y = A x at the shapes of
// a step, W_hh (G·H × H) forward and W_hhᵀ (H × G·H) backward, over the same A again and
// again as in a sequence of steps, so A stays in whichever cache it fits (float32 halves its
// bytes). Register-blocked like kernels/small_gemv.hpp: 64-byte vectors, up to 8 vectors of
// rows held in accumulators across all columns; AVX-512 only (otherwise the label says so).
// Counter gflops = 2·m·n per product; compare with BM_FmaPeak (float32 peaks at twice it).
template <class T> struct Lanes { typedef T type __attribute__((vector_size(64))); };

template <class T, int NB>
[[gnu::always_inline]] inline void gemv_rows(const T* A, long lda, long n, const T* x, T* y) {
  using V = typename Lanes<T>::type;
  constexpr long L = 64 / sizeof(T);
  V acc[NB] = {};
  for (long j = 0; j < n; ++j) {
    const V xj = V{} + x[j];
#pragma GCC unroll 8
    for (int b = 0; b < NB; ++b) {
      V a;
      std::memcpy(&a, A + j * lda + b * L, sizeof a);
      acc[b] += a * xj;
    }
  }
  std::memcpy(y, acc, sizeof acc);
}

template <class T, int NB = 8>
[[gnu::always_inline]] inline void gemv_rows_of(int nb, const T* A, long lda, long n, const T* x, T* y) {
  if (nb == NB) return gemv_rows<T, NB>(A, lda, n, x, y);
  if constexpr (NB > 1) gemv_rows_of<T, NB - 1>(nb, A, lda, n, x, y);
}

template <class T>
__attribute__((target("avx512f"))) void gemv_avx512(const T* A, long lda, long m, long n, const T* x, T* y) {
  constexpr long L = 64 / sizeof(T);
  for (long r = 0; r < m; r += 8 * L)
    gemv_rows_of<T>(static_cast<int>(std::min<long>(8, (m - r + L - 1) / L)), A + r, lda, n, x, y + r);
}

template <class T>
void gemv_precision(benchmark::State& state) {
  const long m = state.range(0), n = state.range(1);
  constexpr long L = 64 / sizeof(T);
  const long lda = (m + L - 1) / L * L;
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f")) {
    state.SkipWithError("needs AVX-512");
    return;
  }
  std::vector<T, Eigen::aligned_allocator<T>> A(lda * n), x(n), y(lda);
  for (std::size_t k = 0; k < A.size(); ++k) A[k] = static_cast<T>(1e-3 * static_cast<double>(k % 97));
  for (long j = 0; j < n; ++j) x[j] = static_cast<T>(0.01 * static_cast<double>(j % 7));
  for (auto _ : state) {
    gemv_avx512(A.data(), lda, m, n, x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["gflops"] = benchmark::Counter(2.0 * static_cast<double>(m * n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["kB"] = static_cast<double>(lda * n * sizeof(T)) / 1024.0;
  state.SetLabel(sizeof(T) == 4 ? "float32" : "float64");
}
void BM_GemvFloat64(benchmark::State& state) { gemv_precision<double>(state); }
void BM_GemvFloat32(benchmark::State& state) { gemv_precision<float>(state); }
// gru H = 50 (W_hh, W_hhᵀ), lstm H = 50, vanilla H = 50, 128, 256.
#define IBLRNN_GEMV_SHAPES \
  ->Args({150, 50})->Args({50, 150})->Args({200, 50})->Args({50, 200})->Args({50, 50}) \
  ->Args({128, 128})->Args({256, 256})
BENCHMARK(BM_GemvFloat64) IBLRNN_GEMV_SHAPES;
BENCHMARK(BM_GemvFloat32) IBLRNN_GEMV_SHAPES;
#undef IBLRNN_GEMV_SHAPES

}  // namespace
}  // namespace iblrnn

