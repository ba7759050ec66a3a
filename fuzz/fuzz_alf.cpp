// libFuzzer target: the ALF trials reader (behavior/mouse_data.hpp). The input is split into
// the five required attribute files and the optional _iblrnn_session at 0xFF 0x00 0xFF
// separators (missing parts are empty files; an empty session part means no session file).
#include <array>
#include <string_view>

#include "fuzz_input.hpp"
#include "iblrnn/behavior/mouse_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* kNames[] = {"choice", "contrastLeft", "contrastRight", "probabilityLeft",
                                 "feedbackType", "_iblrnn_session"};
  const std::string dir = iblrnn::fuzz::work_dir() + "/alf";
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::string_view sep("\xff\x00\xff", 3);
  std::size_t pos = 0;
  for (const char* name : kNames) {
    std::size_t end = all.find(sep, pos);
    if (end == std::string_view::npos) end = all.size();
    const std::string_view part = pos <= all.size() ? all.substr(pos, end - pos) : std::string_view();
    const std::string path = dir + "/trials." + name + ".npy";
    if (part.empty() && std::string_view(name) == "_iblrnn_session") {
      std::filesystem::remove(path);  // optional attribute
      continue;
    }
    iblrnn::fuzz::write_bytes(path, reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
    pos = end == all.size() ? all.size() + 1 : end + sep.size();
  }
  iblrnn::fuzz::expect_clean([&] { iblrnn::behavior::read_alf_trials(dir, "m"); });
  return 0;
}
