// Test support: a task of a few short blocks (the default task otherwise), so that sessions
// are short enough for finite differences, enumeration or many replicates.
#pragma once

#include "iblrnn/task/task_config.hpp"

namespace iblrnn::testing {

/// The default task with n_blocks blocks whose lengths lie in [len_min, len_max].
inline task::TaskConfig small_task(int n_blocks, int len_min, int len_max) {
  task::TaskConfig task;
  task.n_blocks = n_blocks;
  task.block_len_min = len_min;
  task.block_len_max = len_max;
  return task;
}

}  // namespace iblrnn::testing
