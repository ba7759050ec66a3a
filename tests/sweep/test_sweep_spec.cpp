// SweepSpec: seeds, axes and stages as written in flags and in a sweep file; the points are
// the product of the axes and the seeds, named from their values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/sweep/sweep_folder.hpp"
#include "iblrnn/sweep/sweep_spec.hpp"
#include "../support/validation.hpp"

using namespace iblrnn::sweep;


namespace {

template <class F>
std::string error_of(F f) {
  return iblrnn::testing::invalid_input_message(f);
}

SweepSpec two_axes() {
  SweepSpec spec;
  spec.base.preset = "fast";
  spec.seeds_text = "1-3";
  spec.seeds = parse_seeds(spec.seeds_text);
  spec.axes = {parse_axis("network.n_hidden=5,10"), parse_axis("network.arch=rnn,gru")};
  spec.validate();
  return spec;
}

}  // namespace

TEST(SweepSeeds, RangesAndListsInTheOrderWritten) {
  EXPECT_EQ(parse_seeds("1-4"), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(parse_seeds("7"), (std::vector<std::int64_t>{7}));
  EXPECT_EQ(parse_seeds("3,1,10-12"), (std::vector<std::int64_t>{3, 1, 10, 11, 12}));
  EXPECT_EQ(parse_seeds("0-0"), (std::vector<std::int64_t>{0}));
}

TEST(SweepSeeds, MalformedSeedsAreRefusedWithTheText) {
  for (const std::string bad : {"", "4-1", "a", "1,", "-3", "1-2-3", "1.5", "1,,2"}) {
    EXPECT_NE(error_of([&] { parse_seeds(bad); }).find("sweep: seeds must be non-negative integers"),
              std::string::npos)
        << bad;
  }
  EXPECT_NE(error_of([] { parse_seeds("1-3,2"); }).find("seeds must be distinct, got 2 twice"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_seeds("0-999999999"); }).find("at most 100000 seeds"), std::string::npos);
}

TEST(SweepAxis, FieldAndValues) {
  const auto a = parse_axis("network.n_hidden=5,10");
  EXPECT_EQ(a.field, "network.n_hidden");
  EXPECT_EQ(a.values, (std::vector<std::string>{"5", "10"}));
  EXPECT_NE(error_of([] { parse_axis("network.n_hidden"); }).find("--axis must read section.field="),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_axis("network.n_hidden=5,,10"); }).find("empty value"), std::string::npos);
  EXPECT_NE(error_of([] { parse_axis("network.n_hidden=5,"); }).find("empty value"), std::string::npos);
}

TEST(SweepStages, RunOrderWhateverTheWrittenOrder) {
  EXPECT_EQ(parse_stages("eval,train"), (std::vector<SweepStage>{SweepStage::train, SweepStage::eval}));
  EXPECT_NE(error_of([] { parse_stages("train,fit"); }).find("got \"fit\""), std::string::npos);
  EXPECT_NE(error_of([] { parse_stages("eval,eval"); }).find("distinct"), std::string::npos);
}

TEST(SweepSpec, BadAxesNameFieldValueAndRule) {
  const auto with_axis = [](const std::string& axis) {
    SweepSpec spec;
    spec.seeds_text = "1";
    spec.seeds = {1};
    spec.axes = {parse_axis(axis)};
    return error_of([&] { spec.validate(); });
  };
  EXPECT_EQ(with_axis("network.n_hidden=5,0"),
            "sweep: axis network.n_hidden value 0: NetworkConfig: n_hidden must be in [1, 4096], got 0");
  EXPECT_NE(with_axis("network.arch=rnn,transformer").find("arch must be one of rnn | gru | lstm, got \"transformer\""), std::string::npos);
  EXPECT_NE(with_axis("network.n_hidden=5,x").find("value x"), std::string::npos);
  EXPECT_NE(with_axis("nosuch.field=1").find("got \"nosuch.field\""), std::string::npos);
  EXPECT_NE(with_axis("n_hidden=1").find("section.field"), std::string::npos);
  EXPECT_NE(with_axis("train.seed=1,2").find("given as seeds"), std::string::npos);
  EXPECT_NE(with_axis("network.arch=rnn,gru,rnn").find("distinct"), std::string::npos);
  SweepSpec twice = two_axes();
  twice.axes.push_back(parse_axis("network.n_hidden=7"));
  EXPECT_NE(error_of([&] { twice.validate(); }).find("network.n_hidden twice"), std::string::npos);
}

TEST(SweepPoints, ProductOfAxesThenSeedsNamedFromValues) {
  const SweepSpec spec = two_axes();
  const auto pts = points(spec);
  ASSERT_EQ(pts.size(), 2u * 2u * 3u);
  // Brute force: every (H, arch, seed) once, axes outermost in the order given, seeds innermost.
  std::size_t k = 0;
  for (const char* h : {"5", "10"}) {
    for (const char* arch : {"\"rnn\"", "\"gru\""}) {
      for (int seed = 1; seed <= 3; ++seed, ++k) {
        EXPECT_EQ(pts[k].index, static_cast<std::int64_t>(k));
        EXPECT_EQ(pts[k].seed, seed);
        EXPECT_EQ(pts[k].values, (std::vector<std::string>{h, arch}));
      }
    }
  }
  EXPECT_EQ(pts[0].name, "network.n_hidden-5_network.arch-rnn_seed-1");
  EXPECT_EQ(point_sets(spec, pts[4]),
            (std::vector<std::string>{"network.n_hidden=5", "network.arch=gru", "train.seed=2"}));
}

TEST(SweepPoints, NoAxesIsOnePointPerSeed) {
  SweepSpec spec;
  spec.seeds_text = "4,2";
  spec.seeds = parse_seeds(spec.seeds_text);
  spec.validate();
  const auto pts = points(spec);
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_EQ(pts[1].name, "seed-2");
}

// The seeds of `iblrnn reproduce`: point K is named seed-K by position whatever train.seed is,
// seed 1 lives in the study folder (DIR/..), the others in DIR/seed-K, each with network/.
TEST(SweepPoints, StudyLayoutIsTheReproductionsSeedFolders) {
  SweepSpec spec;
  spec.seeds_text = "7-9";
  spec.seeds = parse_seeds(spec.seeds_text);
  spec.layout = "study";
  spec.validate();
  const auto pts = points(spec);
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_EQ(pts[0].name, "seed-1");
  EXPECT_EQ(pts[2].name, "seed-3");
  EXPECT_EQ(pts[2].seed, 9);
  EXPECT_EQ(point_folder("/s/study/seeds", spec, pts[0]), "/s/study");
  EXPECT_EQ(point_folder("/s/study/seeds", spec, pts[1]), "/s/study/seeds/seed-2");
  EXPECT_EQ(stage_folder(spec, "/s/study", SweepStage::train), "/s/study/network");
  EXPECT_EQ(stage_folder(spec, "/s/study", SweepStage::eval), "/s/study/network/eval");
  EXPECT_EQ(stage_folder(spec, "/s/study", SweepStage::analyze), "/s/study/analysis");
  EXPECT_EQ(stage_folder(spec, "/s/study", SweepStage::distill), "/s/study/distill");
  // The default layout: DIR/points/NAME, the stages inside the training run.
  SweepSpec plain = spec;
  plain.layout = "points";
  EXPECT_EQ(point_folder("/s/sw", plain, points(plain)[0]), "/s/sw/points/seed-7");
  EXPECT_EQ(stage_folder(plain, "/s/sw/points/seed-7", SweepStage::eval), "/s/sw/points/seed-7/eval");
  // Seeds only; the layout is one of the two.
  SweepSpec with_axis = spec;
  with_axis.axes = {parse_axis("network.n_hidden=5,10")};
  EXPECT_NE(error_of([&] { with_axis.validate(); }).find("sweep: layout study must have no axis"), std::string::npos);
  SweepSpec other = spec;
  other.layout = "flat";
  EXPECT_NE(error_of([&] { other.validate(); }).find("sweep: layout must be points or study, got"), std::string::npos);
}

TEST(SweepFile, FileFormEqualsFlagFormAndRoundTrips) {
  const auto dir = std::filesystem::temp_directory_path() / ("iblrnn-sweep-spec-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "sweep.toml").string();
  {
    std::ofstream out(path);
    out << "preset = \"fast\"\nseeds = \"1-3\"\nstages = [\"train\", \"eval\"]\neval_blocks = 7\n"
           "[network]\nn_hidden = [5, 10]\narch = [\"rnn\", \"gru\"]\n[train]\nn_steps = 20\n";
  }
  SweepSpec spec = load_sweep_file(path);
  spec.validate();
  EXPECT_EQ(spec.base.preset, "fast");
  EXPECT_EQ(spec.base.sets, (std::vector<std::string>{"train.n_steps=20"}));
  EXPECT_EQ(spec.eval_blocks, 7);
  EXPECT_EQ(spec.stages, (std::vector<SweepStage>{SweepStage::train, SweepStage::eval}));
  ASSERT_EQ(spec.axes.size(), 2u);  // TOML tables list keys alphabetically
  EXPECT_EQ(spec.axes[0].field, "network.arch");
  EXPECT_EQ(spec.axes[1].values, (std::vector<std::string>{"5", "10"}));
  EXPECT_EQ(points(spec).size(), 12u);
  // Written back and read again: the same file.
  const std::string text = to_sweep_toml(spec);
  { std::ofstream(path) << text; }
  SweepSpec again = load_sweep_file(path);
  again.validate();
  EXPECT_EQ(to_sweep_toml(again), text);
  // The default layout is not written (sweep files of earlier versions read the same); the
  // study layout is, and reads back.
  EXPECT_EQ(text.find("layout"), std::string::npos);
  SweepSpec study;
  study.seeds_text = "1-2";
  study.seeds = parse_seeds(study.seeds_text);
  study.layout = "study";
  study.validate();
  { std::ofstream(path) << to_sweep_toml(study); }
  EXPECT_EQ(load_sweep_file(path).layout, "study");
  {
    std::ofstream out(path);
    out << "seeds = \"1\"\n[network]\nn_hiden = [5]\n";
  }
  EXPECT_NE(error_of([&] { load_sweep_file(path); }).find(":3: unknown field network.n_hiden"), std::string::npos);
  {
    std::ofstream out(path);
    out << "seeds = \"1\"\nworkers = 3\n";
  }
  EXPECT_NE(error_of([&] { load_sweep_file(path); }).find(":2: unknown or mistyped key workers"), std::string::npos);
  std::filesystem::remove_all(dir);
}
