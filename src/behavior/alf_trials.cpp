// IBL ALF trials folders (docs/behavior.md, "ALF trials"): trials.<attribute>.npy files,
// optionally with IBL's "_ibl_" namespace prefix. ALF's choice is +1 for the response that is
// correct for a left stimulus and −1 for a rightward one (brainbox: rightward = choice == −1),
// so our response side (−1 left, +1 right) is −choice.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "iblrnn/behavior/mouse_data.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::behavior {
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

std::vector<AlfSession> find_alf_sessions(const std::string& dir, const std::string& subject) {
  if (const std::string d = find_alf_folder(dir); !d.empty()) return {{subject, d}};
  // ONE's layout: Subjects/<subject>/<YYYY-MM-DD>/<nnn>/alf, from any folder above it.
  std::vector<AlfSession> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  constexpr int kMaxDepth = 5;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= kMaxDepth) it.disable_recursion_pending();
    if (!it->is_directory(ec) || it->path().filename() != "alf") continue;
    const std::string d = it->path().string();
    if (alf_file(d, "choice").empty()) continue;
    const fs::path number = it->path().parent_path(), date = number.parent_path();
    const std::string n = number.filename().string(), day = date.filename().string();
    const bool one_layout = n.size() == 3 && std::isdigit(static_cast<unsigned char>(n[0])) &&
                            day.size() == 10 && day[4] == '-' && day[7] == '-';
    out.push_back({one_layout ? date.parent_path().filename().string() : subject, d});
  }
  std::sort(out.begin(), out.end(),
            [](const AlfSession& a, const AlfSession& b) { return a.dir < b.dir; });
  return out;
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
  // RT in steps from our own runs' extra attribute (agents are compared in steps), else in
  // seconds from the rig's times.
  const bool in_steps = !n_obs_path.empty();
  if (in_steps) {
    rt = read_attribute(n_obs_path, n);
  } else if (!resp_path.empty() && !stim_on_path.empty()) {
    const auto resp = read_attribute(resp_path, n);
    const auto stim_on = read_attribute(stim_on_path, n);
    for (std::size_t i = 0; i < n; ++i) rt[i] = resp[i] - stim_on[i];
  }
  t.rt_unit = std::string(in_steps ? "steps" : "s");
  t.timeouts_are_errors = in_steps;
  std::vector<double> session(n, 0.0), tib;
  if (const auto p = alf_file(dir, "_iblrnn_session"); !p.empty()) session = read_attribute(p, n);
  if (const auto p = alf_file(dir, "_iblrnn_trialInBlock"); !p.empty()) tib = read_attribute(p, n);
  // Our own runs keep the task's signal μ beside the contrast fraction; agents are analysed in μ.
  std::vector<double> signal;
  const std::string signal_path = alf_file(dir, "_iblrnn_signal");
  if (!signal_path.empty()) signal = read_attribute(signal_path, n);

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
    if (has_l && has_r)
      throw InvalidInput(dir + at() + "at most one of contrastLeft, contrastRight may be a number "
                         "(the other NaN), got " + show(left[i]) + " and " + show(right[i]));
    // Both NaN: ibllib's extractor writes this when the stimulus position was lost (a −0.0
    // position); the side is unknown, the trial keeps its choice and feedback (side 0).
    const bool side_known = has_l || has_r;
    double contrast = has_l ? left[i] : (has_r ? right[i] : 0.0);  // 0: checked, then NaN
    if (!(contrast >= 0) || !std::isfinite(contrast))
      throw InvalidInput(path[has_l ? 1 : 2] + at() + "contrast must be finite and >= 0, got " +
                         show(contrast));
    if (!signal.empty()) {
      if (!(signal[i] >= 0) || !std::isfinite(signal[i]))
        throw InvalidInput(signal_path + at() + "_iblrnn_signal must be finite and >= 0, got " +
                           show(signal[i]));
      contrast = signal[i];
    }
    const int side = has_l ? -1 : (has_r ? 1 : 0);
    const int ours = -static_cast<int>(c);  // ALF +1 = leftward response
    const bool correct = side_known ? ours == side : fb == 1;
    if (side_known && (fb == 1) != correct)
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
    t.signal.push_back(side_known ? contrast : std::nan(""));
    t.signed_signal.push_back(!side_known ? std::nan("") : contrast == 0 ? 0.0 : side * contrast);
    t.choice.push_back(static_cast<std::int8_t>(ours));
    t.correct.push_back(correct);
    t.rt.push_back(r);
    t.trial_in_block.push_back(tib.empty() ? trial_in_block
                                           : static_cast<std::int32_t>(tib[i]));
  }
  return t;
}

}  // namespace iblrnn::behavior
