// IBL ALF trials folders (docs/behavior.md, "ALF trials"): trials.<attribute>.npy files,
// optionally with IBL's "_ibl_" namespace prefix. ALF's choice is +1 for a leftward (CCW)
// response and −1 for a rightward one, so our choice (−1 left, +1 right) is −choice.
#include <cmath>
#include <filesystem>
#include <sstream>

#include "iblrnn/behavior/mouse_data.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/npy.hpp"

namespace iblrnn {
namespace {

namespace fs = std::filesystem;

// Path of trials.<attribute>.npy (or _ibl_trials.<attribute>.npy) in dir, or "".
std::string alf_file(const std::string& dir, const std::string& attribute) {
  for (const char* prefix : {"trials.", "_ibl_trials."}) {
    const std::string p = dir + "/" + prefix + attribute + ".npy";
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return "";
}

std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

std::string show_shape(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);

// Reads a 1-D attribute of n values (n = kUnknown: take the file's length, which must be at
// least 1). Throws InvalidInput.
std::vector<double> read_attribute(const std::string& path, std::size_t& n) {
  NpyArray a = read_npy(path);
  std::size_t len = a.size();
  const bool one_d = a.shape.size() == 1 || (a.shape.size() == 2 && a.shape[1] == 1);
  if (!one_d || (n != kUnknown && len != n) || len == 0)
    throw InvalidInput(path + ": expected a 1-D array of " +
                       (n != kUnknown ? "n_trials = " + std::to_string(n) + " values"
                                      : std::string("at least one trial value")) +
                       ", got shape " + show_shape(a.shape));
  if (n == kUnknown) n = len;
  return std::move(a.data);
}

}  // namespace

std::string find_alf_folder(const std::string& dir) {
  if (!alf_file(dir, "choice").empty()) return dir;
  if (!alf_file(dir + "/alf", "choice").empty()) return dir + "/alf";
  return "";
}

BehaviorTable read_alf_trials(const std::string& dir, const std::string& subject) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw IoError(dir, "not a folder");
  const char* required[] = {"choice", "contrastLeft", "contrastRight", "probabilityLeft",
                            "feedbackType"};
  std::string path[5];
  for (int k = 0; k < 5; ++k) {
    path[k] = alf_file(dir, required[k]);
    if (path[k].empty())
      throw InvalidInput(dir + ": missing trials." + required[k] +
                         ".npy (an ALF trials folder needs trials.choice, contrastLeft, "
                         "contrastRight, probabilityLeft and feedbackType)");
  }
  std::size_t n = kUnknown;
  const auto choice = read_attribute(path[0], n);
  const auto left = read_attribute(path[1], n);
  const auto right = read_attribute(path[2], n);
  const auto p_left = read_attribute(path[3], n);
  const auto feedback = read_attribute(path[4], n);

  BehaviorTable t;
  t.subjects = {subject};
  std::vector<double> rt(n, std::nan(""));
  const std::string n_obs_path = alf_file(dir, "_iblrnn_nObs");
  const std::string resp_path = alf_file(dir, "response_times");
  const std::string stim_on_path = alf_file(dir, "stimOn_times");
  // RT in seconds from the rig's times; in steps from our own runs' extra attribute.
  const bool in_steps = (resp_path.empty() || stim_on_path.empty()) && !n_obs_path.empty();
  if (!resp_path.empty() && !stim_on_path.empty()) {
    const auto resp = read_attribute(resp_path, n);
    const auto stim_on = read_attribute(stim_on_path, n);
    for (std::size_t i = 0; i < n; ++i) rt[i] = resp[i] - stim_on[i];
  } else if (in_steps) {
    rt = read_attribute(n_obs_path, n);
  }
  t.rt_unit = std::string(in_steps ? "steps" : "s");
  t.timeouts_are_errors = in_steps;
  std::vector<double> session(n, 0.0), tib;
  if (const auto p = alf_file(dir, "_iblrnn_session"); !p.empty()) session = read_attribute(p, n);
  if (const auto p = alf_file(dir, "_iblrnn_trialInBlock"); !p.empty()) tib = read_attribute(p, n);

  std::int32_t trial_in_block = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto at = [i] { return std::string(": index ") + std::to_string(i) + ": "; };
    const double c = choice[i], fb = feedback[i], pl = p_left[i];
    if (c != -1 && c != 0 && c != 1)
      throw InvalidInput(path[0] + at() + "choice must be -1, 0 or +1, got " + show(c));
    if (fb != -1 && fb != 1)
      throw InvalidInput(path[4] + at() + "feedbackType must be -1 or +1, got " + show(fb));
    if (!(pl >= 0 && pl <= 1))
      throw InvalidInput(path[3] + at() + "probabilityLeft must be in [0, 1], got " + show(pl));
    const bool has_l = !std::isnan(left[i]), has_r = !std::isnan(right[i]);
    if (has_l == has_r)
      throw InvalidInput(dir + at() + "exactly one of contrastLeft, contrastRight must be a number "
                         "(the other NaN), got " + show(left[i]) + " and " + show(right[i]));
    const double contrast = has_l ? left[i] : right[i];
    if (!(contrast >= 0) || !std::isfinite(contrast))
      throw InvalidInput(path[has_l ? 1 : 2] + at() + "contrast must be finite and >= 0, got " +
                         show(contrast));
    const int side = has_l ? -1 : 1;
    const int ours = -static_cast<int>(c);  // ALF +1 = leftward response
    const bool correct = ours == side;
    if ((fb == 1) != correct)
      throw InvalidInput(path[4] + at() + "feedbackType " + show(fb) + " contradicts choice " +
                         show(c) + " with the stimulus on the " + (has_l ? "left" : "right") +
                         " (ALF choice: +1 = leftward, -1 = rightward response, 0 = no-go); "
                         "check the choice sign convention");
    if (!(session[i] >= 0 && session[i] <= 2147483647.0 && session[i] == std::floor(session[i])))
      throw InvalidInput(dir + at() + "_iblrnn_session must be an integer in [0, 2147483647], got " +
                         show(session[i]));
    if (!tib.empty() && !(tib[i] >= 0 && tib[i] <= 2147483647.0 && tib[i] == std::floor(tib[i])))
      throw InvalidInput(dir + at() + "_iblrnn_trialInBlock must be an integer in [0, 2147483647], got " +
                         show(tib[i]));
    const bool new_block = i == 0 || session[i] != session[i - 1] || pl != p_left[i - 1];
    trial_in_block = new_block ? 0 : trial_in_block + 1;
    double r = rt[i];
    if (!(r >= 0) || !std::isfinite(r)) r = std::nan("");

    t.subject.push_back(0);
    t.session.push_back(static_cast<std::int32_t>(session[i]));
    t.p_left.push_back(pl);
    t.block_side.push_back(static_cast<std::int8_t>(block_side_of_p_left(pl)));
    t.stim_side.push_back(static_cast<std::int8_t>(side));
    t.signal.push_back(contrast);
    t.signed_signal.push_back(contrast == 0 ? 0.0 : side * contrast);
    t.choice.push_back(static_cast<std::int8_t>(ours));
    t.correct.push_back(correct);
    t.rt.push_back(r);
    t.trial_in_block.push_back(tib.empty() ? trial_in_block
                                           : static_cast<std::int32_t>(tib[i]));
  }
  return t;
}

}  // namespace iblrnn
