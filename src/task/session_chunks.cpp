#include "iblrnn/task/session_chunks.hpp"

namespace iblrnn::task {

int sessions_per_chunk(const TaskConfig& config, std::int64_t chunk_trials) {
  // Trials per session are at most n_blocks · block_len_max (plus an unbiased first block).
  const std::int64_t most = static_cast<std::int64_t>(config.n_blocks) * config.block_len_max +
                            config.first_block_len;
  return static_cast<int>(std::clamp<std::int64_t>(chunk_trials / std::max<std::int64_t>(most, 1),
                                                   1, 1 << 20));
}

}  // namespace iblrnn::task
