// Detecting and reading the inputs of `iblrnn behavior` (docs/behavior.md, "Inputs").
#include <filesystem>
#include <fstream>

#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/mouse_data.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {
namespace {

namespace fs = std::filesystem;

bool is_run_trials_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  return in && std::getline(in, line) && line.rfind("session,block,trial_in_block", 0) == 0;
}

}  // namespace

std::string detect_behavior_input(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(path, "no such file or folder");
  if (fs::is_directory(path, ec)) {
    if (fs::is_regular_file(path + "/trials.csv", ec) && is_run_trials_csv(path + "/trials.csv"))
      return "run";
    if (!find_alf_sessions(path, "").empty()) return "alf";
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_regular_file() && e.path().extension() == ".csv" &&
          is_mouse_csv(e.path().string()))
        return "mouse_folder";
    throw InvalidInput(path + ": not a behaviour input: expected a run folder (trials.csv), an "
                       "ALF trials folder (trials.choice.npy, alf/trials.choice.npy or ONE's "
                       "Subjects/<subject>/<date>/<nnn>/alf) or a "
                       "folder of mouse CSV files");
  }
  if (is_run_trials_csv(path)) return "run";
  if (is_mouse_csv(path)) return "mouse_csv";
  throw InvalidInput(path + ":1: not a behaviour input: expected a run's trials.csv header "
                     "(session,block,trial_in_block,...) or the mouse CSV header (trial_num,"
                     "session_num,stim_probability_left,contrast,position,response_choice,"
                     "trial_correct,reaction_time)");
}

BehaviorTable load_behavior_input(const std::string& path, const std::string& subject,
                                  const BehaviorConfig& config) {
  const std::string kind = detect_behavior_input(path);
  std::error_code ec;
  if (kind == "run")
    return read_run_trials(fs::is_directory(path, ec) ? path + "/trials.csv" : path, subject);
  if (kind == "alf") {
    // Several sessions of one subject pool under that subject (BehaviorTable::append).
    BehaviorTable t;
    for (const AlfSession& session : find_alf_sessions(path, subject)) {
      BehaviorTable one = read_alf_trials(session.dir, session.subject);
      if (t.subjects.empty()) t = std::move(one);
      else t.append(one);
    }
    return t;
  }
  if (kind == "mouse_folder") return read_mouse_folder(path, config.include_endtrain);
  return read_mouse_csv(path, subject);
}

}  // namespace iblrnn::behavior
