// Tests of the behaviour readers: mouse CSV files and folders, ALF trials folders, run
// trials.csv and the engine's TrialTable, input detection — with every malformed-input message.
#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/mouse_data.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/alf_trials.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(IBLRNN_TEST_DATA_DIR) + "/behavior";
const std::string kHeader =
    "trial_num,session_num,stim_probability_left,contrast,position,response_choice,"
    "trial_correct,reaction_time\n";

// A fresh scratch folder per test, removed at the end.
class Scratch {
 public:
  Scratch() {
    dir_ = (fs::temp_directory_path() /
            ("iblrnn_behavior_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Scratch() { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = dir_ + "/" + name;
    std::ofstream(p) << text;
    return p;
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  } catch (const IoError& e) {
    return std::string("IoError: ") + e.what();
  }
  return "no error";
}

TEST(MouseCsv, ReadsTheHandFixture) {
  const BehaviorTable t = read_mouse_csv(kData + "/mice/mouseA.csv", "mouseA");
  ASSERT_EQ(t.size(), 8u);
  t.check_shape();
  EXPECT_EQ(t.rt_unit, "s");
  EXPECT_FALSE(t.timeouts_are_errors);
  EXPECT_EQ(t.subjects, std::vector<std::string>{"mouseA"});
  EXPECT_EQ(t.session, (std::vector<std::int32_t>{0, 0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(t.trial_in_block, (std::vector<std::int32_t>{0, 1, 0, 1, 2, 0, 0, 0}));
  EXPECT_EQ(t.block_side, (std::vector<std::int8_t>{0, 0, -1, -1, -1, 1, 0, 1}));
  EXPECT_EQ(t.stim_side, (std::vector<std::int8_t>{-1, 1, -1, 1, 0, 1, 1, -1}));
  EXPECT_EQ(t.choice, (std::vector<std::int8_t>{-1, -1, -1, 1, 0, 1, -1, 1}));
  EXPECT_EQ(t.correct, (std::vector<std::uint8_t>{1, 0, 1, 1, 0, 1, 0, 0}));
  EXPECT_EQ(t.signed_signal, (std::vector<double>{-1, 0, -0.25, 0, 0, 1, 0.0625, 0}));
  EXPECT_FALSE(std::signbit(t.signed_signal[4]));  // -0.0 position at zero contrast → +0
  EXPECT_EQ(t.rt[0], 0.5);
  EXPECT_TRUE(std::isnan(t.rt[1]));  // empty
  EXPECT_TRUE(std::isnan(t.rt[3]));  // negative
  EXPECT_EQ(t.rt[4], 60.0);
  EXPECT_EQ(t.n_rt_missing(), 2);
}

TEST(MouseCsv, FolderReadsEveryMouseAndSkipsEndtrainUnlessAsked) {
  const BehaviorTable t = read_mouse_folder(kData + "/mice", false);
  EXPECT_EQ(t.subjects, (std::vector<std::string>{"mouseA", "mouseB"}));
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t.subject[7], 0);
  EXPECT_EQ(t.subject[8], 1);
  EXPECT_EQ(t.session[8], 2);  // mouseB's first session follows mouseA's two
  const BehaviorTable e = read_mouse_folder(kData + "/mice", true);
  EXPECT_EQ(e.subjects, (std::vector<std::string>{"mouseA", "mouseB"}));
  ASSERT_EQ(e.size(), 13u);
  EXPECT_EQ(e.subject[9], 0);   // endtrain rows belong to mouseA ...
  EXPECT_EQ(e.session[9], 2);   // ... as a session of their own
  EXPECT_EQ(e.session[10], 3);  // mouseB next
  EXPECT_EQ(e.signal[8], 0.5);
}

TEST(MouseCsv, EveryMalformedInputNamesFileAndLine) {
  Scratch s;
  auto read = [&](const std::string& body) {
    const std::string p = s.write("m.csv", body);
    return error_of([&] { read_mouse_csv(p, "m"); });
  };
  const std::string p = s.dir() + "/m.csv";
  EXPECT_EQ(read(""), p + ":1: empty file, expected the header trial_num,session_num,"
                          "stim_probability_left,contrast,position,response_choice,"
                          "trial_correct,reaction_time");
  EXPECT_EQ(read("trial_num,session_num,stim_probability_left,contrast,position,"
                 "response_choice,trial_correct\n1,1,0.5,1,35,1,1\n"),
            p + ":1: missing column reaction_time (a mouse CSV has trial_num, session_num, "
                "stim_probability_left, contrast, position, response_choice, trial_correct, "
                "reaction_time)");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,1,1,0.3\n2,1,0.5,1,35,1,1\n"),
            p + ":3: expected 8 comma-separated fields, got 7");
  EXPECT_EQ(read(kHeader + "1,1,0.5,high,35,1,1,0.3\n"),
            p + ":2: column contrast is not a number, got 'high'");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,,1,1,0.3\n"),
            p + ":2: column position is not a number, got ''");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,1,1,fast\n"),
            p + ":2: column reaction_time is not a number, got 'fast'");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,2,1,0.3\n"),
            p + ":2: response_choice must be -1, 0 or +1, got 2");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,1,0.5,0.3\n"),
            p + ":2: trial_correct must be 0 or 1, got 0.5");
  EXPECT_EQ(read(kHeader + "1,1,1.5,1,35,1,1,0.3\n"),
            p + ":2: stim_probability_left must be in [0, 1], got 1.5");
  EXPECT_EQ(read(kHeader + "1,1,0.5,-0.5,35,1,1,0.3\n"),
            p + ":2: contrast must be >= 0, got -0.5");
  EXPECT_EQ(read(kHeader + "1,1,0.5,0,0,1,1,0.3\n"),
            p + ":2: position must be nonzero (-35 left, +35 right) on a trial with a "
                "response or a contrast, got 0");
  // A flipped choice sign: a rightward response to a left stimulus marked correct.
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,1,1,0.3\n2,1,0.5,1,-35,1,1,0.3\n"),
            p + ":3: trial_correct 1 contradicts response_choice 1 and position -35 (expected "
                "-1/+1 = left/right response, position < 0 = left stimulus, correct = response "
                "on the stimulus side); check the sign convention");
  EXPECT_EQ(read(kHeader + "1,1,0.5,1,35,0,1,0.3\n"),
            p + ":2: trial_correct 1 contradicts response_choice 0 and position 35 (expected "
                "-1/+1 = left/right response, position < 0 = left stimulus, correct = response "
                "on the stimulus side); check the sign convention");
  EXPECT_EQ(error_of([&] { read_mouse_csv(s.dir() + "/absent.csv", "m"); }).rfind("IoError: ", 0),
            0u);
}

TEST(MouseCsv, FolderWithoutMouseFilesIsAnError) {
  Scratch s;
  s.write("other.csv", "a,b\n1,2\n");
  EXPECT_EQ(error_of([&] { read_mouse_folder(s.dir(), false); }),
            s.dir() + ": no mouse CSV files (<mouse>.csv with the header trial_num, "
                      "session_num, ...) in the folder");
  EXPECT_EQ(error_of([&] { read_mouse_folder(s.dir() + "/absent", false); }),
            "IoError: " + s.dir() + "/absent: not a folder");
}

TEST(AlfTrials, ReadsTheNumPyFixtureWithAlfChoiceSign) {
  const std::string dir = kData + "/alf_session";
  ASSERT_EQ(find_alf_folder(dir), dir + "/alf");
  const BehaviorTable t = read_alf_trials(dir + "/alf", "s1");
  ASSERT_EQ(t.size(), 6u);
  t.check_shape();
  EXPECT_EQ(t.rt_unit, "s");
  EXPECT_EQ(t.choice, (std::vector<std::int8_t>{-1, 1, 1, 0, -1, 1}));
  EXPECT_EQ(t.stim_side, (std::vector<std::int8_t>{-1, 1, -1, 1, -1, 1}));
  EXPECT_EQ(t.correct, (std::vector<std::uint8_t>{1, 1, 0, 0, 1, 1}));
  EXPECT_EQ(t.signed_signal, (std::vector<double>{-1, 0.5, 0, 0, -0.25, 0}));
  EXPECT_EQ(t.block_side, (std::vector<std::int8_t>{0, 0, -1, -1, 1, 1}));
  EXPECT_EQ(t.trial_in_block, (std::vector<std::int32_t>{0, 1, 0, 1, 0, 1}));
  const double rt[] = {0.4, 0.3, 0.5, 60.0, 0.2};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(t.rt[i], rt[i], 1e-12) << i;
  EXPECT_TRUE(std::isnan(t.rt[5]));
}

// A valid ALF folder written with write_npy, then one attribute replaced per case.
class AlfCase {
 public:
  explicit AlfCase(const Scratch& s) : dir_(s.dir()) {
    put("choice", {1, -1, -1, 0, 1, -1});
    put("contrastLeft", {1.0, nan_, 0.0, nan_, 0.25, nan_});
    put("contrastRight", {nan_, 0.5, nan_, 0.0, nan_, 0.0});
    put("feedbackType", {1, 1, -1, -1, 1, 1});
    put("probabilityLeft", {0.5, 0.5, 0.8, 0.8, 0.2, 0.2});
  }
  void put(const std::string& name, const std::vector<double>& v) {
    write_npy(file(name), v);
  }
  std::string file(const std::string& name) const { return dir_ + "/trials." + name + ".npy"; }
  std::string error() const { return error_of([&] { read_alf_trials(dir_, "s"); }); }

 private:
  std::string dir_;
  const double nan_ = std::nan("");
};

TEST(AlfTrials, EveryMalformedInputNamesFileAndIndex) {
  Scratch s;
  const double nan = std::nan("");
  {
    AlfCase a(s);
    EXPECT_EQ(a.error(), "no error");
    fs::remove(a.file("feedbackType"));
    EXPECT_EQ(a.error(), s.dir() + ": missing trials.feedbackType.npy (an ALF trials folder "
                                   "needs trials.choice, contrastLeft, contrastRight, "
                                   "probabilityLeft and feedbackType)");
  }
  {
    AlfCase a(s);
    a.put("probabilityLeft", {0.5, 0.5, 0.8, 0.8, 0.2});
    EXPECT_EQ(a.error(), a.file("probabilityLeft") +
                             ": expected a 1-D array of n_trials = 6 values, got shape (5,)");
    write_npy(a.file("probabilityLeft"), std::vector<double>(6, 0.5), {2, 3});
    EXPECT_EQ(a.error(), a.file("probabilityLeft") +
                             ": expected a 1-D array of n_trials = 6 values, got shape (2, 3)");
  }
  {
    AlfCase a(s);
    a.put("choice", {1, 2, -1, 0, 1, -1});
    EXPECT_EQ(a.error(), a.file("choice") + ": index 1: choice must be -1, 0 or +1, got 2");
  }
  {
    AlfCase a(s);
    a.put("feedbackType", {1, 0, -1, -1, 1, 1});
    EXPECT_EQ(a.error(), a.file("feedbackType") + ": index 1: feedbackType must be -1 or +1, got 0");
  }
  {
    AlfCase a(s);
    a.put("probabilityLeft", {0.5, 0.5, nan, 0.8, 0.2, 0.2});
    EXPECT_EQ(a.error(),
              a.file("probabilityLeft") + ": index 2: probabilityLeft must be in [0, 1], got NaN");
  }
  {
    AlfCase a(s);
    a.put("contrastRight", {0.5, 0.5, nan, 0.0, nan, 0.0});
    EXPECT_EQ(a.error(), s.dir() + ": index 0: at most one of contrastLeft, contrastRight may "
                                   "be a number (the other NaN), got 1 and 0.5");
    // Both NaN (ibllib's extractor for a lost stimulus position): read, side unknown.
    a.put("contrastRight", {nan, nan, nan, 0.0, nan, 0.0});
    a.put("contrastLeft", {1.0, nan, 0.0, nan, 0.25, nan});
    EXPECT_EQ(a.error(), "no error");
  }
  {
    AlfCase a(s);
    a.put("contrastLeft", {-1.0, nan, 0.0, nan, 0.25, nan});
    EXPECT_EQ(a.error(),
              a.file("contrastLeft") + ": index 0: contrast must be finite and >= 0, got -1");
  }
  {
    // Our own sign (−1 = left) written where ALF's is expected.
    AlfCase a(s);
    a.put("choice", {-1, 1, 1, 0, -1, 1});
    EXPECT_EQ(a.error(), a.file("feedbackType") +
                             ": index 0: feedbackType 1 contradicts choice -1 with the stimulus "
                             "on the left (ALF choice: +1 = leftward, -1 = rightward response, "
                             "0 = no-go); check the choice sign convention");
  }
  EXPECT_EQ(error_of([&] { read_alf_trials(s.dir() + "/absent", "s"); }),
            "IoError: " + s.dir() + "/absent: not a folder");
}

// A played run: random choices (wrong answers and timeouts) on the iblrig preset.
RunRecord random_run() {
  TaskConfig task;
  task = preset_config("iblrig").task;
  task.n_blocks = 6;
  const auto plans = make_sessions(task, 5, 3);
  RandomAgent agent(5);
  PlayOptions o;
  o.record_steps = false;
  return play(task, plans, agent, o);
}

TEST(RunTrials, TableFromTrialsKeepsEveryColumn) {
  const RunRecord run = random_run();
  const TrialTable& tt = run.trials;
  const BehaviorTable t = table_from_trials(tt, "random");
  ASSERT_EQ(t.size(), tt.size());
  t.check_shape();
  EXPECT_EQ(t.rt_unit, "steps");
  EXPECT_TRUE(t.timeouts_are_errors);
  int timeouts = 0, wrong = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t.choice[i], tt.choice[i]);
    EXPECT_EQ(t.correct[i], tt.correct[i]);
    EXPECT_EQ(t.rt[i], tt.n_obs[i]);
    EXPECT_EQ(t.block_side[i], tt.block_side[i]);
    EXPECT_EQ(block_side_of_p_left(t.p_left[i]), tt.block_side[i]);
    EXPECT_EQ(t.signed_signal[i], tt.stim_side[i] * tt.signal[i] + 0.0);
    EXPECT_EQ(t.concordant(i), tt.block_side[i] != 0 && bool(tt.concordant[i]));
    timeouts += tt.choice[i] == 0;
    wrong += tt.choice[i] != 0 && !tt.correct[i];
  }
  EXPECT_GT(timeouts, 0);
  EXPECT_GT(wrong, 0);
  TrialTable none = tt;
  none.has_agent = false;
  EXPECT_EQ(error_of([&] { table_from_trials(none, "x"); }),
            "table_from_trials: trials has no agent's choices (a run without an agent); play "
            "an agent first");
}

TEST(RunTrials, CsvAndAlfRoundTripsGiveTheSameTable) {
  Scratch s;
  const RunRecord run = random_run();
  write_trials_csv(s.dir(), run.trials);
  write_alf_trials(s.dir(), run, AlfConfig{});
  const BehaviorTable ref = table_from_trials(run.trials, "r");
  const BehaviorTable csv = load_behavior_input(s.dir(), "r", BehaviorConfig{});
  const BehaviorTable alf = read_alf_trials(s.dir() + "/alf", "r");
  EXPECT_EQ(detect_behavior_input(s.dir()), "run");
  for (const BehaviorTable* t : {&csv, &alf}) {
    ASSERT_EQ(t->size(), ref.size());
    EXPECT_EQ(t->rt_unit, "steps");
    EXPECT_EQ(t->choice, ref.choice);
    EXPECT_EQ(t->correct, ref.correct);
    EXPECT_EQ(t->rt, ref.rt);
    EXPECT_EQ(t->signed_signal, ref.signed_signal);
    EXPECT_EQ(t->block_side, ref.block_side);
    EXPECT_EQ(t->trial_in_block, ref.trial_in_block);
    EXPECT_EQ(t->session, ref.session);
  }
  // Without choice columns the run has nothing to analyze.
  TrialTable none = run.trials;
  none.has_agent = false;
  write_trials_csv(s.dir(), none);
  EXPECT_EQ(error_of([&] { read_run_trials(s.dir() + "/trials.csv", "r"); }),
            s.dir() + "/trials.csv:1: missing columns response_side, correct, n_obs (a run without "
                      "an agent has no behaviour to analyze)");
}

TEST(BehaviorInputs, DetectsEveryKind) {
  EXPECT_EQ(detect_behavior_input(kData + "/mice"), "mouse_folder");
  EXPECT_EQ(detect_behavior_input(kData + "/mice/mouseB.csv"), "mouse_csv");
  EXPECT_EQ(detect_behavior_input(kData + "/alf_session"), "alf");
  EXPECT_EQ(detect_behavior_input(kData + "/alf_session/alf"), "alf");
  const BehaviorTable b = load_behavior_input(kData + "/mice/mouseB.csv", "B", BehaviorConfig{});
  EXPECT_EQ(b.subjects, std::vector<std::string>{"B"});
  EXPECT_EQ(b.size(), 3u);
  BehaviorConfig with_endtrain;
  with_endtrain.include_endtrain = true;
  EXPECT_EQ(load_behavior_input(kData + "/mice", "mice", with_endtrain).size(), 13u);
  EXPECT_EQ(error_of([&] { detect_behavior_input(kData + "/mice/not_a_mouse.csv"); }),
            kData + "/mice/not_a_mouse.csv:1: not a behaviour input: expected a run's "
                    "trials.csv header (session,block,trial_in_block,...) or the mouse CSV "
                    "header (trial_num,session_num,stim_probability_left,contrast,position,"
                    "response_choice,trial_correct,reaction_time)");
  Scratch s;
  EXPECT_EQ(error_of([&] { detect_behavior_input(s.dir()); }),
            s.dir() + ": not a behaviour input: expected a run folder (trials.csv), an ALF "
                      "trials folder (trials.choice.npy, alf/trials.choice.npy or ONE's "
                      "Subjects/<subject>/<date>/<nnn>/alf) or a folder of mouse CSV files");
  EXPECT_EQ(error_of([&] { detect_behavior_input(s.dir() + "/absent"); }),
            "IoError: " + s.dir() + "/absent: no such file or folder");
}

TEST(AlfTrials, BothContrastsNanIsSideUnknownCountedAndLeftOutOfSideCurves) {
  Scratch s;
  AlfCase a(s);
  const double nan = std::nan("");
  a.put("contrastLeft", {1.0, nan, 0.0, nan, 0.25, nan});
  a.put("contrastRight", {nan, nan, nan, 0.0, nan, 0.0});  // trial 1: both NaN
  const BehaviorTable t = read_alf_trials(s.dir(), "s");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_TRUE(t.side_unknown(1));
  EXPECT_EQ(t.stim_side[1], 0);
  EXPECT_EQ(t.choice[1], 1);    // ALF choice −1 = rightward
  EXPECT_EQ(t.correct[1], 1);   // from feedbackType
  for (std::size_t i : {0u, 2u, 3u, 4u, 5u}) EXPECT_FALSE(t.side_unknown(i)) << i;
  const BehaviorAnalysis r = analyze_behavior({{"s", t}}, BehaviorConfig{});
  EXPECT_EQ(behavior_summary_json(r)["inputs"][0]["n_side_unknown"], 1);
  // Psychometric: the four responses of known side (trial 3 is a no-go), never trial 1.
  std::int64_t n = 0;
  for (const auto& p : r.inputs[0].pooled.curves[4].points) n += p.value.n;
  EXPECT_EQ(n, 4);
  for (const auto& c : r.inputs[0].pooled.curves)
    for (const auto& p : c.points) EXPECT_FALSE(std::isnan(p.x)) << c.name;
}

TEST(AlfTrials, OneSessionTreePoolsTheSessionsOfEachSubject) {
  Scratch s;
  TaskConfig c;
  c.n_blocks = 2;
  int seed = 3;
  std::size_t n_a = 0, n_b = 0;
  for (const auto& [subject, date] : std::vector<std::pair<std::string, std::string>>{
           {"A", "2020-01-01"}, {"A", "2020-01-02"}, {"B", "2020-01-01"}}) {
    AlfConfig alf;
    alf.layout = AlfLayout::session;
    alf.subject = subject;
    alf.date = date;
    RandomAgent agent(seed);
    const RunRecord run = play(c, make_sessions(c, seed++, 2), agent);
    write_alf_trials(s.dir() + "/root", run, alf);
    (subject == "A" ? n_a : n_b) += run.trials.size();
  }
  const std::string root = s.dir() + "/root/Subjects";
  EXPECT_EQ(detect_behavior_input(root), "alf");
  const auto sessions = find_alf_sessions(root, "x");
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_EQ(sessions[0].dir, root + "/A/2020-01-01/001/alf");
  EXPECT_EQ(sessions[2].subject, "B");
  const BehaviorTable t = load_behavior_input(root, "x", BehaviorConfig{});
  ASSERT_EQ(t.subjects, (std::vector<std::string>{"A", "B"}));
  std::size_t in_a = 0;
  for (auto v : t.subject) in_a += v == 0;
  EXPECT_EQ(in_a, n_a);
  EXPECT_EQ(t.size(), n_a + n_b);
  // Sessions stay distinct across folders: 2 per folder, renumbered after each other.
  EXPECT_EQ(std::set<std::int32_t>(t.session.begin(), t.session.end()).size(), 6u);
  // A subject folder alone is one subject.
  EXPECT_EQ(load_behavior_input(root + "/A", "x", BehaviorConfig{}).subjects,
            std::vector<std::string>{"A"});
}

}  // namespace
}  // namespace iblrnn
