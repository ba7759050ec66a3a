#include "iblrnn/io/alf_config.hpp"

#include <cctype>
#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace {

// A folder name ONE accepts as a subject: letters, digits, '_' and '-', 1–64 characters.
bool is_subject_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  return true;
}

// YYYY-MM-DD with a month in 1–12 and a day in 1–31 (ONE's date folder).
bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::vector<FieldRef> AlfConfig::fields() {
  return {
      {"step_duration", "ALF trials: seconds per task step (timing attributes)", &step_duration},
      {"prefix", "ALF trials: file namespace, _ibl_ (_ibl_trials.*.npy) or none (trials.*.npy)",
       &prefix},
      choice_field("layout",
                   "ALF trials: flat (<run>/alf) or session (<run>/Subjects/<subject>/<date>/001/alf)",
                   &layout),
      {"subject", "ALF trials, session layout: subject folder name", &subject},
      {"date", "ALF trials, session layout: date folder (YYYY-MM-DD)", &date},
  };
}

void AlfConfig::validate() const {
  const std::string w = "AlfConfig";
  require(step_duration > 0 && step_duration <= 3600 && std::isfinite(step_duration), w,
          "step_duration", "must be in (0, 3600] seconds", step_duration);
  require(prefix == "_ibl_" || prefix == "none", w, "prefix", "must be _ibl_ or none", prefix);
  require(is_subject_name(subject), w, "subject",
          "must be 1-64 letters, digits, '_' or '-'", subject);
  require(is_iso_date(date), w, "date", "must be a date YYYY-MM-DD", date);
}

std::string AlfConfig::trials_dir(const std::string& run_dir) const {
  if (layout == AlfLayout::session) return run_dir + "/Subjects/" + subject + "/" + date + "/001/alf";
  return run_dir + "/alf";
}

std::string AlfConfig::file_name(const std::string& attribute) const {
  return (prefix == "none" ? std::string() : prefix) + "trials." + attribute + ".npy";
}

}  // namespace iblrnn::io
