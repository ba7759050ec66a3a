// The 8-column mouse CSV of the May 2020 IBL export (docs/behavior.md, "Mouse CSV").
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "iblrnn/behavior/mouse_data.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::behavior {

const std::vector<std::string> kMouseCsvColumns = {
    "trial_num", "session_num",     "stim_probability_left", "contrast",
    "position",  "response_choice", "trial_correct",         "reaction_time"};

namespace {

enum Column { kTrialNum, kSessionNum, kPLeft, kContrast, kPosition, kChoice, kCorrect, kRt };

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\"");
  const auto e = s.find_last_not_of(" \t\r\"");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> split_header(const std::string& line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const auto end = line.find(',', pos);
    out.push_back(trim(line.substr(pos, end == std::string::npos ? end : end - pos)));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

bool is_mouse_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return false;
  const auto header = split_header(line);
  for (const auto& c : kMouseCsvColumns)
    if (std::find(header.begin(), header.end(), c) == header.end()) return false;
  return true;
}

BehaviorTable read_mouse_csv(const std::string& path, const std::string& subject_name) {
  const std::string text = read_text_file(path);
  BehaviorTable t;
  t.rt_unit = "s";
  t.timeouts_are_errors = false;
  t.subjects = {subject_name};
  auto where = [&](std::size_t line) { return path + ":" + std::to_string(line) + ": "; };

  std::size_t pos = 0;
  auto next_line = [&](std::string_view& out) {
    if (pos >= text.size()) return false;
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out = std::string_view(text).substr(pos, end - pos);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    pos = end + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(line) || trim(std::string(line)).empty())
    throw InvalidInput(where(1) + "empty file, expected the header " +
                       "trial_num,session_num,stim_probability_left,contrast,position," +
                       "response_choice,trial_correct,reaction_time");
  const auto header = split_header(std::string(line));
  int col[8];
  for (int c = 0; c < 8; ++c) {
    const auto it = std::find(header.begin(), header.end(), kMouseCsvColumns[c]);
    if (it == header.end())
      throw InvalidInput(where(1) + "missing column " + kMouseCsvColumns[c] +
                         " (a mouse CSV has trial_num, session_num, stim_probability_left, "
                         "contrast, position, response_choice, trial_correct, reaction_time)");
    col[c] = static_cast<int>(it - header.begin());
  }
  const std::size_t n_fields = header.size();
  std::vector<std::string_view> fields(n_fields);
  std::vector<double> v(8);
  std::unordered_map<double, std::int32_t> session_index;
  double prev_session = std::nan(""), prev_p_left = std::nan("");
  std::int32_t trial_in_block = 0;
  const std::size_t reserve = text.size() / 48;
  for (auto* vec : {&t.p_left, &t.signal, &t.signed_signal, &t.rt}) vec->reserve(reserve);

  std::size_t line_no = 1;
  while (next_line(line)) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t n = 0, p = 0;
    while (true) {
      const auto end = line.find(',', p);
      if (n < n_fields) fields[n] = line.substr(p, end == std::string_view::npos ? end : end - p);
      ++n;
      if (end == std::string_view::npos) break;
      p = end + 1;
    }
    if (n != n_fields)
      throw InvalidInput(where(line_no) + "expected " + std::to_string(n_fields) +
                         " comma-separated fields, got " + std::to_string(n));
    for (int c = 0; c < 8; ++c) {
      std::string_view f = fields[col[c]];
      while (!f.empty() && (f.front() == ' ' || f.front() == '"')) f.remove_prefix(1);
      while (!f.empty() && (f.back() == ' ' || f.back() == '"')) f.remove_suffix(1);
      if (c == kRt && f.empty()) {
        v[c] = std::nan("");
        continue;
      }
      const char* b = f.data();
      const char* e = f.data() + f.size();
      if (b != e && *b == '+') ++b;
      auto r = std::from_chars(b, e, v[c]);
      if (r.ec != std::errc() || r.ptr != e || (c != kRt && !std::isfinite(v[c])))
        throw InvalidInput(where(line_no) + "column " + kMouseCsvColumns[c] +
                           " is not a number, got '" + std::string(f) + "'");
    }
    const double choice = v[kChoice], correct = v[kCorrect], p_left = v[kPLeft];
    const double contrast = v[kContrast], position = v[kPosition];
    if (choice != -1 && choice != 0 && choice != 1)
      throw InvalidInput(where(line_no) + "response_choice must be -1, 0 or +1, got " +
                         show(choice));
    if (correct != 0 && correct != 1)
      throw InvalidInput(where(line_no) + "trial_correct must be 0 or 1, got " + show(correct));
    if (!(p_left >= 0 && p_left <= 1))
      throw InvalidInput(where(line_no) + "stim_probability_left must be in [0, 1], got " +
                         show(p_left));
    if (!(contrast >= 0))
      throw InvalidInput(where(line_no) + "contrast must be >= 0, got " + show(contrast));
    int side = position > 0 ? 1 : (position < 0 ? -1 : 0);
    if (side == 0 && !(choice == 0 && contrast == 0))
      throw InvalidInput(where(line_no) + "position must be nonzero (-35 left, +35 right) on a "
                         "trial with a response or a contrast, got " + show(position));
    if (choice == 0 ? correct != 0 : correct != double(choice == side))
      throw InvalidInput(where(line_no) + "trial_correct " + show(correct) +
                         " contradicts response_choice " + show(choice) + " and position " +
                         show(position) + " (expected -1/+1 = left/right response, position "
                         "< 0 = left stimulus, correct = response on the stimulus side); check "
                         "the sign convention");
    const double s = v[kSessionNum];
    auto it = session_index.find(s);
    if (it == session_index.end())
      it = session_index.emplace(s, std::int32_t(session_index.size())).first;
    trial_in_block = (s == prev_session && p_left == prev_p_left) ? trial_in_block + 1 : 0;
    prev_session = s;
    prev_p_left = p_left;
    double rt = v[kRt];
    if (!(rt >= 0) || !std::isfinite(rt)) rt = std::nan("");
    const double signed_signal = side * contrast;

    t.subject.push_back(0);
    t.session.push_back(it->second);
    t.p_left.push_back(p_left);
    t.block_side.push_back(static_cast<std::int8_t>(block_side_of_p_left(p_left)));
    t.stim_side.push_back(static_cast<std::int8_t>(side));
    t.signal.push_back(contrast);
    t.signed_signal.push_back(signed_signal == 0 ? 0.0 : signed_signal);
    t.choice.push_back(static_cast<std::int8_t>(choice));
    t.correct.push_back(static_cast<std::uint8_t>(correct));
    t.rt.push_back(rt);
    t.trial_in_block.push_back(trial_in_block);
  }
  return t;
}

BehaviorTable read_mouse_folder(const std::string& dir, bool include_endtrain) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw IoError(dir, "not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv") continue;
    const std::string stem = entry.path().stem().string();
    const bool endtrain = stem.size() > 9 && stem.ends_with("_endtrain");
    if (endtrain && !include_endtrain) continue;
    if (!is_mouse_csv(entry.path().string())) continue;
    files.push_back(entry.path());
  }
  if (ec) throw IoError(dir, "cannot list the folder: " + ec.message());
  if (files.empty())
    throw InvalidInput(dir + ": no mouse CSV files (<mouse>.csv with the header trial_num, "
                       "session_num, ...) in the folder");
  std::sort(files.begin(), files.end());
  BehaviorTable all;
  all.rt_unit = "s";
  all.timeouts_are_errors = false;
  for (const auto& f : files) {
    std::string stem = f.stem().string();
    if (stem.ends_with("_endtrain")) stem.resize(stem.size() - 9);
    all.append(read_mouse_csv(f.string(), stem));
  }
  return all;
}

}  // namespace iblrnn::behavior
