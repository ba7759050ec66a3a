// libFuzzer target: the .npy reader (io/npy.hpp) on arbitrary bytes.
#include "fuzz_input.hpp"
#include "iblrnn/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = iblrnn::fuzz::work_dir() + "/a.npy";
  iblrnn::fuzz::write_bytes(path, data, size);
  iblrnn::fuzz::expect_clean([&] { iblrnn::io::read_npy(path); });
  return 0;
}
