// libFuzzer target: the IBL mouse behaviour CSV reader (behavior/mouse_data.hpp).
#include "fuzz_input.hpp"
#include "iblrnn/behavior/mouse_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = iblrnn::fuzz::work_dir() + "/mouse.csv";
  iblrnn::fuzz::write_bytes(path, data, size);
  iblrnn::fuzz::expect_clean([&] { iblrnn::behavior::read_mouse_csv(path, "m"); });
  return 0;
}
