// libFuzzer target: the run folder's trials.csv reader (io/run_files.hpp).
#include "fuzz_input.hpp"
#include "iblrnn/io/run_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = iblrnn::fuzz::work_dir() + "/trials.csv";
  iblrnn::fuzz::write_bytes(path, data, size);
  iblrnn::fuzz::expect_clean([&] { iblrnn::io::read_trials_csv(path); });
  return 0;
}
