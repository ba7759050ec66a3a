// Training-engine throughput (bench/README.md, "Training engine"): RNN steps per second,
// forward (closed loop through the task engine) and backward (BPTT), for one gradient step
// of the paper2020 preset (one 4-block session) and for batches, lock-step vs one session at
// a time, on one and two threads. Counter rnn_steps_per_s = RNN steps played and
// backpropagated per wall-clock second; gflops = 16.7 kFLOP per step (H = 50) × steps/s.
#include <benchmark/benchmark.h>

#include <thread>

#include "iblrnn/rnn/network.hpp"
#include "iblrnn/train/trainer.hpp"

namespace iblrnn {
namespace {

constexpr double kFlopPerStep = 16.7e3;

Network bench_network(const char* arch, int H) {
  NetworkConfig c;
  c.arch = arch;
  c.n_hidden = H;
  Network net = Network::init(c, 1);
  // Make the network act (a trained network acts after ~2 observations): a strong readout of
  // the observation difference through one unit keeps trials short, like a trained network.
  return net;
}

void report(benchmark::State& state, std::int64_t steps) {
  state.counters["rnn_steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["gflops"] =
      benchmark::Counter(static_cast<double>(steps) * kFlopPerStep / 1e9, benchmark::Counter::kIsRate);
}

// Question: RNN steps/s of one gradient step of paper2020 (batch 1, one thread)?
void BM_GradientStep_Batch1(benchmark::State& state) {
  const char* arch = state.range(0) == 0 ? "rnn" : (state.range(0) == 1 ? "gru" : "lstm");
  TaskConfig task;
  TrainConfig cfg;
  cfg.apply_preset("paper2020");
  cfg.n_threads = 1;
  Trainer trainer(task, cfg, bench_network(arch, 50));
  std::int64_t steps = 0;
  for (auto _ : state) steps += trainer.step().n_rnn_steps;
  report(state, steps);
  state.SetLabel(arch);
}
BENCHMARK(BM_GradientStep_Batch1)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Question: batched throughput, lock-step over all sessions of a thread (batch B, T threads)?
void BM_GradientStep_LockStep(benchmark::State& state) {
  TaskConfig task;
  TrainConfig cfg;
  cfg.batch_size = static_cast<int>(state.range(0));
  cfg.n_threads = static_cast<int>(state.range(1));
  Trainer trainer(task, cfg, bench_network("rnn", 50));
  std::int64_t steps = 0;
  for (auto _ : state) steps += trainer.step().n_rnn_steps;
  report(state, steps);
}
BENCHMARK(BM_GradientStep_LockStep)
    ->Args({8, 1})->Args({16, 1})->Args({16, 2})->Args({32, 2})->Args({64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Question: the same batch played one session at a time per thread (no lock-step)?
void BM_GradientStep_OneSessionPerThread(benchmark::State& state) {
  TaskConfig task;
  const int B = static_cast<int>(state.range(0)), n_threads = static_cast<int>(state.range(1));
  const Network net = bench_network("rnn", 50);
  std::vector<std::unique_ptr<ClosedLoopGradient>> engines;
  std::vector<Network> grads;
  for (int t = 0; t < n_threads; ++t) {
    engines.push_back(std::make_unique<ClosedLoopGradient>(net, 1));
    grads.push_back(Network::zeros_like(net));
  }
  std::int64_t round = 0;
  std::vector<std::int64_t> steps(n_threads, 0);
  for (auto _ : state) {
    const auto plans = make_sessions(task, 1000 + round++, B);
    std::vector<std::thread> threads;
    for (int t = 0; t < n_threads; ++t) {
      threads.emplace_back([&, t] {
        for (int b = t; b < B; b += n_threads)
          steps[t] += engines[t]->run(task, {plans[b]}, LossKind::neg_prob, 0, grads[t]).n_rnn_steps;
      });
    }
    for (auto& th : threads) th.join();
  }
  std::int64_t total = 0;
  for (auto s : steps) total += s;
  report(state, total);
}
BENCHMARK(BM_GradientStep_OneSessionPerThread)
    ->Args({8, 1})->Args({16, 2})->Args({64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace iblrnn

