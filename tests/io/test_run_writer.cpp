// Streamed run files: NpyStream's arrays read back with their final shape, and a run written
// chunk by chunk by RunWriter is byte-identical to the same run played in one lock-step and
// written whole (so the offsets of sessions, trials and steps are right and the agent's
// columns are independent), with the same summary.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/npy_stream.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/io/alf_trials.hpp"
#include "iblrnn/io/run_writer.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::io;
using namespace iblrnn::task;

using iblrnn::testing::TempDir;

TEST(NpyStream, AppendedRowsReadBackWithTheFinalShape) {
  TempDir dir;
  {
    NpyStream<double> s(dir / "a.npy", {3});
    const std::vector<double> first{1, 2, 3, 4, 5, 6}, second{7, 8, 9};
    s.append(first);
    s.append(nullptr, 0);
    s.append(second);
    EXPECT_EQ(s.rows(), 3u);
    s.close();
    s.close();
  }
  const NpyArray a = read_npy(dir / "a.npy");
  EXPECT_EQ(a.shape, (std::vector<std::size_t>{3, 3}));
  EXPECT_EQ(a.dtype, "<f8");
  EXPECT_EQ(a.data, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  {
    NpyStream<std::int8_t> s(dir / "b.npy");
    s.close();
  }
  const NpyArray b = read_npy(dir / "b.npy");
  EXPECT_EQ(b.shape, (std::vector<std::size_t>{0}));
  EXPECT_EQ(b.dtype, "|i1");
  // The same bytes as a whole array written at once.
  std::vector<std::int32_t> v(1000);
  for (int i = 0; i < 1000; ++i) v[i] = i * 7 - 300;
  {
    NpyStream<std::int32_t> s(dir / "c.npy");
    s.append(v.data(), 400);
    s.append(v.data() + 400, 600);
    s.close();
  }
  write_npy(dir / "d.npy", v);
  EXPECT_EQ(read_npy(dir / "c.npy").data, read_npy(dir / "d.npy").data);
}

TEST(RunWriter, ChunksEqualTheWholeRunWrittenAtOnce) {
  TaskConfig c;
  c.n_blocks = 3;
  const std::uint64_t seed = 21;
  const auto plans = make_sessions(c, seed, 7);
  RandomAgent agent(seed);
  const RunRecord whole = play(c, plans, agent);
  TempDir dir;
  make_dirs(dir / "whole");
  write_trials_csv(dir / "whole", whole.trials);
  write_alf_trials(dir / "whole", whole, AlfConfig{});
  write_step_arrays(dir / "whole", whole);

  make_dirs(dir / "chunks");
  RunWriter writer(dir / "chunks", true, RecordLevel::steps);
  for (const auto& [s0, s1] : std::vector<std::pair<int, int>>{{0, 3}, {3, 4}, {4, 7}}) {
    std::vector<SessionPlan> chunk;
    for (int s = s0; s < s1; ++s) chunk.push_back(make_session(c, seed, s));
    RandomAgent a(seed);
    writer.append(play(c, chunk, a));
  }
  writer.close();
  EXPECT_EQ(writer.n_sessions(), 7);
  EXPECT_EQ(writer.n_steps(), static_cast<std::int64_t>(whole.steps.size()));
  std::size_t compared = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "whole")) {
    if (!e.is_regular_file()) continue;
    const auto rel = std::filesystem::relative(e.path(), dir / "whole").string();
    EXPECT_EQ(read_text_file(dir / ("chunks/" + rel)), read_text_file(e.path().string())) << rel;
    ++compared;
  }
  EXPECT_EQ(compared, 1u + alf_attribute_names(true).size() + 7u);
  EXPECT_EQ(run_summary(writer.tally(), 7, seed), run_summary(whole));

  // Trial level only: no per-step files, the same trial files.
  make_dirs(dir / "trials");
  RunWriter trials(dir / "trials", true, RecordLevel::trials);
  RandomAgent a(seed);
  PlayOptions quiet;
  quiet.record_steps = false;
  trials.append(play(c, plans, a, quiet));
  trials.close();
  EXPECT_FALSE(std::filesystem::exists(dir / "trials/inputs.npy"));
  EXPECT_EQ(read_text_file(dir / "trials/trials.csv"), read_text_file(dir / "whole/trials.csv"));
}
