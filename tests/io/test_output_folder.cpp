// Output folders never delete or mix a user's data: markers, locks, staged commits, atomic
// files, leftovers of killed writers (io/output_folder.hpp, io/folder_lock.hpp, io/files.hpp).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

using iblrnn::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
  std::sort(v.begin(), v.end());
  return v;
}

void write_folder(const std::string& path, const std::string& command, const std::string& content) {
  OutputFolder out(path, command);
  write_text_file(out.file("a.txt"), content);
  out.commit();
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(OutputFolder, UncommittedFolderLeavesNothing) {
  TempDir dir;
  {
    OutputFolder s(dir / "run", "simulate");
    write_text_file(s.file("a.txt"), "x");
  }
  EXPECT_FALSE(fs::exists(dir / "run"));
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{});  // no staging, no lock file
}

TEST(OutputFolder, CommitWritesTheMarkerAndReplacesOnlyTheSameCommand) {
  TempDir dir;
  write_folder(dir / "run", "simulate", "v1");
  const auto m = read_output_marker(dir / "run");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->command, "simulate");
  EXPECT_TRUE(m->complete);
  EXPECT_EQ(m->format, kOutputFormat);
  write_folder(dir / "run", "simulate", "v2");
  EXPECT_EQ(read_text_file(dir / "run/a.txt"), "v2");
  // Another command's output is refused, and left whole.
  const std::string msg = message_of([&] { OutputFolder s(dir / "run", "bayes"); });
  EXPECT_NE(msg.find("holds the output of `iblrnn simulate`"), std::string::npos) << msg;
  EXPECT_EQ(read_text_file(dir / "run/a.txt"), "v2");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"run"});
}

TEST(OutputFolder, AUsersFolderHoldingAConfigTomlIsNeverReplaced) {
  TempDir dir;
  fs::create_directories(dir / "p");
  std::ofstream(dir / "p/config.toml") << "a=1\n";
  std::ofstream(dir / "p/notes.txt") << "x\n";
  const std::string msg = message_of([&] { OutputFolder s(dir / "p", "simulate"); });
  EXPECT_NE(msg.find("is not an iblrnn output folder"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  EXPECT_EQ(read_text_file(dir / "p/notes.txt"), "x\n");
  // A file in the way, and an empty folder (accepted).
  std::ofstream(dir / "file") << "data";
  EXPECT_THROW(OutputFolder s(dir / "file", "simulate"), InvalidInput);
  EXPECT_EQ(read_text_file(dir / "file"), "data");
  fs::create_directories(dir / "empty");
  write_folder(dir / "empty", "simulate", "v");
  EXPECT_EQ(read_text_file(dir / "empty/a.txt"), "v");
}

TEST(OutputFolder, OutEqualToOrContainingAnInputIsRefused) {
  TempDir dir;
  write_folder(dir / "net", "train", "w");
  for (const std::string out : {dir / "net", dir / "net/", dir.path(), dir / "net/../net"}) {
    const std::string msg = message_of([&] { OutputFolder s(out, "eval", {dir / "net"}); });
    EXPECT_NE(msg.find("must not be or contain an input"), std::string::npos) << out << ": " << msg;
  }
  EXPECT_EQ(read_text_file(dir / "net/a.txt"), "w");
  // Inside the input is fine (eval's default RUN/eval).
  OutputFolder inside(dir / "net/eval", "eval", {dir / "net"});
  inside.commit();
  EXPECT_TRUE(fs::exists(dir / "net/eval/.iblrnn-output"));
}

TEST(FolderLock, ASecondWriterOrAReaderIsRefusedWhileAWriterHoldsTheFolder) {
  TempDir dir;
  {
    OutputFolder first(dir / "out", "simulate");
    const std::string msg = message_of([&] { OutputFolder second(dir / "out", "simulate"); });
    EXPECT_NE(msg.find("is being written by another iblrnn process (PID"), std::string::npos) << msg;
    EXPECT_THROW(RunFolder r(dir / "out", "train", RunFolder::Start::fresh), InvalidInput);
    first.commit();
    EXPECT_THROW(InputFolder in(dir / "out"), InvalidInput);  // still locked until destroyed
  }
  InputFolder a(dir / "out");
  InputFolder b(dir / "out");  // readers share
  EXPECT_THROW(OutputFolder w(dir / "out", "simulate"), InvalidInput);
}

TEST(RunFolder, MarksIncompleteUntilFinishedAndReadersRefuseAnInterruptedRun) {
  TempDir dir;
  {
    RunFolder run(dir / "net", "train", RunFolder::Start::fresh);
    EXPECT_FALSE(read_output_marker(dir / "net")->complete);
  }
  // Dropped without finish(): an interrupted run, refused as input, resumable.
  const std::string msg = message_of([&] { InputFolder in(dir / "net", "RUN"); });
  EXPECT_NE(msg.find("interrupted `iblrnn train` output; continue it with"), std::string::npos) << msg;
  EXPECT_THROW(RunFolder again(dir / "net", "train", RunFolder::Start::fresh), InvalidInput);
  {
    RunFolder run(dir / "net", "train", RunFolder::Start::resume);
    EXPECT_TRUE(run.existed());
    run.finish();
  }
  EXPECT_TRUE(read_output_marker(dir / "net")->complete);
  InputFolder ok(dir / "net");
  EXPECT_THROW(RunFolder r(dir / "fresh", "train", RunFolder::Start::resume), InvalidInput);
  // A user's folder is never taken over.
  fs::create_directories(dir / "mine");
  std::ofstream(dir / "mine/config.toml") << "x";
  EXPECT_THROW(RunFolder r(dir / "mine", "train", RunFolder::Start::fresh_or_resume), InvalidInput);
  EXPECT_EQ(names_in(dir / "mine"), std::vector<std::string>{"config.toml"});
}

TEST(OutputFolder, LeftoversOfAKilledWriterAreRemovedByTheNextWriter) {
  TempDir dir;
  write_folder(dir / "run", "simulate", "v1");
  fs::create_directories(dir / "run.tmp-999999/x");
  fs::create_directories(dir / "run.old.tmp-999998");
  std::ofstream(dir / "run/a.txt.tmp-999997") << "partial";
  std::ofstream(dir / "run.tmp-notapid") << "user's";
  write_folder(dir / "run", "simulate", "v2");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"run", "run.tmp-notapid"}));
  EXPECT_EQ(names_in(dir / "run"), (std::vector<std::string>{".iblrnn-output", "a.txt"}));
}

TEST(OutputFolder, RemoveOutputTakesOnlyTheNamedCommandsFolder) {
  TempDir dir;
  write_folder(dir / "a", "eval", "x");
  EXPECT_THROW(remove_output(dir / "a", "train"), InvalidInput);
  remove_output(dir / "a", "eval");
  EXPECT_FALSE(fs::exists(dir / "a"));
  remove_output(dir / "absent", "eval");  // nothing to do
}

TEST(AtomicFile, AFailedWriteLeavesNeitherAPartialFileNorATemporary) {
  TempDir dir;
  write_text_file(dir / "old.npy", "previous");
  // A file-size limit makes write(2) fail with EFBIG, as a full disk fails with ENOSPC.
  ::signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  ::getrlimit(RLIMIT_FSIZE, &saved);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::vector<double> big(100000, 1.0);
  std::string msg;
  try {
    write_npy(dir / "old.npy", big);
  } catch (const IoError& e) {
    msg = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  EXPECT_NE(msg.find("write failed"), std::string::npos) << msg;
  EXPECT_EQ(read_text_file(dir / "old.npy"), "previous");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"old.npy"});
}

TEST(AtomicFile, TemporaryNamesAreRecognisedExactly) {
  EXPECT_TRUE(is_temp_name("a.npy.tmp-123"));
  EXPECT_TRUE(is_temp_name("run.old.tmp-4"));
  EXPECT_FALSE(is_temp_name("a.tmp-"));
  EXPECT_FALSE(is_temp_name("a.tmp-12x"));
  EXPECT_FALSE(is_temp_name("a.npy"));
}
