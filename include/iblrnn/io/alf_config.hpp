// AlfConfig: how a run folder writes its IBL ALF trials object (docs/outputs.md, "ALF
// trials"): the step clock that turns step counts into the ALF timing attributes, the file
// prefix, and the folder layout (flat run/alf/, or ONE's Subjects/<subject>/<date>/<nnn>/alf/).
#pragma once

#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::io {

/// Where the ALF trials go: <run>/alf/, or ONE's Subjects/<subject>/<date>/001/alf/.
enum class AlfLayout { flat, session };
constexpr std::array<std::string_view, 2> choice_names(AlfLayout) {
  return {"flat", "session"};
}

/// Parameters of the ALF trials files. All fields are validated by validate().
struct AlfConfig {
  double step_duration = 0.1;        // seconds per task step (ALF *_times and intervals)
  std::string prefix = "_ibl_";      // file namespace: "_ibl_" (_ibl_trials.*.npy) or "" (trials.*.npy)
  AlfLayout layout = AlfLayout::flat;  // flat: <run>/alf/ | session: <run>/Subjects/<subject>/<date>/001/alf/
  std::string subject = "iblrnn";    // session layout: subject folder name
  std::string date = "2020-01-01";   // session layout: date folder (YYYY-MM-DD)

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("AlfConfig: field constraint, got value") on the first bad field.
  void validate() const;

  /// The folder of the trials files inside a run folder `run_dir` (layout flat or session).
  std::string trials_dir(const std::string& run_dir) const;

  /// The file name of one attribute: prefix + "trials." + attribute + ".npy".
  std::string file_name(const std::string& attribute) const;
};

}  // namespace iblrnn::io
