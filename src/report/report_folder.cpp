#include "iblrnn/report/report_folder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::task;

namespace iblrnn::report {
namespace fs = std::filesystem;
namespace {

// Loads into `cache[rel]` once; a failure is remembered in `errors` and yields nullptr.
template <class T, class Load>
const T* cached(std::map<std::string, std::unique_ptr<T>>& cache,
                std::map<std::string, std::string>& errors, const std::string& dir,
                const std::string& rel, Load load) {
  auto it = cache.find(rel);
  if (it != cache.end()) return it->second.get();
  std::unique_ptr<T> value;
  const std::string path = dir + "/" + rel;
  if (!fs::is_regular_file(path)) {
    errors[rel] = rel + " missing";
  } else {
    try {
      value = std::make_unique<T>(load(path));
    } catch (const std::exception& e) {
      errors[rel] = rel + " unreadable: " + e.what();
    }
  }
  return cache.emplace(rel, std::move(value)).first->second.get();
}

std::map<std::string, std::vector<double>> read_numeric_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path, "cannot open for reading");
  std::string line;
  if (!std::getline(in, line)) throw InvalidInput(path + ":1: empty file, expected a header");
  std::vector<std::string> names;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) names.push_back(cell);
  }
  std::map<std::string, std::vector<double>> cols;
  for (const auto& n : names) cols[n];
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    std::size_t c = 0;
    for (; c < names.size() && std::getline(ss, cell, ','); ++c) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!cell.empty() && cell != "nan" && cell != "NaN") {
        auto r = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (r.ec != std::errc() || r.ptr != cell.data() + cell.size())
          throw InvalidInput(path + ":" + std::to_string(line_no) + ": column " + names[c] +
                             " is not a number: '" + cell + "'");
      }
      cols[names[c]].push_back(v);
    }
    for (; c < names.size(); ++c) cols[names[c]].push_back(std::nan(""));  // trailing empties
  }
  return cols;
}

}  // namespace

ReportFolder::ReportFolder(std::string dir) : dir_(std::move(dir)) {
  if (!fs::is_directory(dir_)) throw IoError(dir_, "not a folder (expected an output folder)");
}

bool ReportFolder::exists(const std::string& rel) const { return fs::exists(dir_ + "/" + rel); }

const nlohmann::json* ReportFolder::json(const std::string& rel) {
  return cached(json_, errors_, dir_, rel,
                [](const std::string& p) { return nlohmann::json::parse(read_text_file(p)); });
}

const NpyArray* ReportFolder::npy(const std::string& rel) {
  return cached(npy_, errors_, dir_, rel, [](const std::string& p) { return read_npy(p); });
}

const TrialTable* ReportFolder::trials(const std::string& rel) {
  return cached(trials_, errors_, dir_, rel,
                [](const std::string& p) { return read_trials_csv(p); });
}

const std::map<std::string, std::vector<double>>* ReportFolder::csv(const std::string& rel) {
  return cached(csv_, errors_, dir_, rel, read_numeric_csv);
}

std::vector<std::string> ReportFolder::list(const std::string& rel_dir,
                                            const std::string& suffix) const {
  std::vector<std::string> names;
  const std::string path = dir_ + "/" + rel_dir;
  if (!fs::is_directory(path)) return names;
  for (const auto& e : fs::directory_iterator(path)) {
    const std::string name = e.path().filename().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReportFolder::why(const std::string& rel) const {
  auto it = errors_.find(rel);
  return it != errors_.end() ? it->second : rel + " missing";
}

double json_number(const nlohmann::json* doc, const std::string& pointer) {
  if (!doc) return std::nan("");
  const nlohmann::json::json_pointer ptr(pointer);
  if (!doc->contains(ptr)) return std::nan("");
  const auto& v = (*doc)[ptr];
  return v.is_number() ? v.get<double>() : std::nan("");
}

}  // namespace iblrnn::report
