#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/thread_team.hpp"

using namespace iblrnn::core;

namespace iblrnn {
namespace {

TEST(ThreadTeam, EveryMemberRunsEachJobOnceOnItsOwnThread) {
  ThreadTeam team(3);
  ASSERT_EQ(team.size(), 3);
  for (int job = 0; job < 50; ++job) {
    std::vector<int> calls(3, 0);
    std::vector<std::thread::id> ids(3);
    team.run([&](int i) {
      ++calls[i];
      ids[i] = std::this_thread::get_id();
    });
    EXPECT_EQ(calls, std::vector<int>({1, 1, 1}));
    EXPECT_EQ(ids[0], std::this_thread::get_id());
    EXPECT_NE(ids[1], ids[0]);
    EXPECT_NE(ids[2], ids[1]);
  }
}

TEST(ThreadTeam, MembersRunConcurrently) {
  // Each member waits until all have started: completes only if they run at the same time.
  ThreadTeam team(2);
  std::atomic<int> started{0};
  team.run([&](int) {
    ++started;
    while (started.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(started.load(), 2);
}

TEST(ThreadTeam, RethrowsAMemberExceptionAfterAllFinishedAndStaysUsable) {
  ThreadTeam team(2);
  std::atomic<int> finished{0};
  EXPECT_THROW(team.run([&](int i) {
    if (i == 1) throw std::runtime_error("member 1");
    ++finished;
  }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 1);
  int sum = 0;
  std::mutex m;
  team.run([&](int i) {
    std::lock_guard<std::mutex> lock(m);
    sum += i + 1;
  });
  EXPECT_EQ(sum, 3);
}

TEST(ThreadTeam, SizeOneRunsOnTheCallerAndBadSizeIsRejected) {
  ThreadTeam team(1);
  int calls = 0;
  team.run([&](int i) { calls += i + 1; });
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(ThreadTeam(0), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
