// libFuzzer target: the TOML configuration loader and validation (pipeline/study_config.hpp).
#include "fuzz_input.hpp"
#include "iblrnn/pipeline/study_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = iblrnn::fuzz::work_dir() + "/config.toml";
  iblrnn::fuzz::write_bytes(path, data, size);
  iblrnn::fuzz::expect_clean([&] {
    iblrnn::pipeline::StudyConfig config;
    iblrnn::pipeline::load_config_file(config, path);
    for (auto& section : config.sections()) section.validate();
    (void)iblrnn::pipeline::to_toml(config);
  });
  return 0;
}
