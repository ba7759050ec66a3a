// Question: how long does the whole representation and dynamics analysis of one trained
// network take on a 1000-block evaluation (~170 000 steps × 50 units), in memory
// (analyze_network) and as the full `iblrnn analyze` job (read files, run the Bayesian
// observer, analyse, write every output)? Target ≤ 30 s on 2 cores. The network is the
// hand-built 50-unit circuit of tests/analysis/constructed_network.hpp (a trained network
// has the same shapes; the fixed-point search depends on its dynamics, see bench/README.md).
// The synthetic run folder stays in /tmp/iblrnn_bench_analysis_run for timing the CLI.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "../tests/analysis/constructed_network.hpp"
#include "iblrnn/analysis/network_step_map.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;


namespace {

struct Fixture {
  Network net = iblrnn::constructed::constructed_network(50);
  RunRecord run;
  NetworkRecording rec;
  std::string dir = "/tmp/iblrnn_bench_analysis_run";
  Fixture() {
    rec = iblrnn::constructed::play_recording(net, 1000, 11, run);
    std::filesystem::remove_all(dir);
    make_dirs(dir + "/eval");
    save_network(dir, net);
    write_trials_csv(dir + "/eval", run.trials);
    write_step_arrays(dir + "/eval", run);
    std::vector<double> hidden(rec.hidden.data(), rec.hidden.data() + rec.hidden.size());
    write_npy(dir + "/eval/hidden.npy", hidden,
              {std::size_t(rec.hidden.cols()), std::size_t(rec.hidden.rows())});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_AnalyzeNetworkInMemory(benchmark::State& state) {
  auto& f = fixture();
  const NetworkStepMap map(f.net);
  f.rec.map = &map;
  // A stand-in observer for the in-memory case (the job below runs the real one).
  f.rec.bayes_block_right.resize(Eigen::Index(f.rec.block_side.size()));
  for (std::size_t i = 0; i < f.rec.block_side.size(); ++i)
    f.rec.bayes_block_right(Eigen::Index(i)) = f.rec.block_side[i] > 0 ? 0.8 : 0.2;
  for (auto _ : state) {
    const auto a = analyze_network(f.rec, AnalysisConfig{});
    benchmark::DoNotOptimize(a.timing_s.size());
    state.counters["steps"] = double(f.rec.hidden.cols());
    state.counters["fixed_s"] = a.timing_s.at("fixed_points") - a.timing_s.at("flow");
  }
}
BENCHMARK(BM_AnalyzeNetworkInMemory)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_RunAnalyzeJob(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    AnalyzeOptions o;
    o.run = f.dir;
    const auto s = run_analyze(o);
    benchmark::DoNotOptimize(s.size());
    state.counters["steps"] = s["n_steps"].get<double>();
  }
}
BENCHMARK(BM_RunAnalyzeJob)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
