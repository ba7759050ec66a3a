// Test support: open an iblrnn report.html in headless Chromium (Debian's `chromium`, driven by
// playwright-core through report/check_report.mjs) and return the check's JSON: console and
// page errors, network requests, and per figure whether it drew an SVG and how many marks.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "shell.hpp"

namespace iblrnn::testing {

inline const std::string kSourceRoot = std::string(IBLRNN_TEST_DATA_DIR) + "/../..";

// The first of `names` found on PATH (or the value of env_var when set), else "".
inline std::string find_program(const char* env_var, std::initializer_list<const char*> names) {
  if (const char* v = std::getenv(env_var); v && *v) return v;
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string dir;
  while (std::getline(ss, dir, ':'))
    for (const char* n : names)
      if (std::filesystem::exists(dir + "/" + n)) return dir + "/" + n;
  return "";
}

// Runs the browser check on `html`; fails the test with a clear message when a tool is missing.
inline nlohmann::json check_in_browser(const std::string& html) {
  const std::string chromium = find_program("IBLRNN_CHROMIUM", {"chromium", "chromium-browser", "google-chrome"});
  const std::string node = find_program("IBLRNN_NODE", {"node", "nodejs"});
  const std::string script = kSourceRoot + "/report/check_report.mjs";
  if (chromium.empty())
    ADD_FAILURE() << "headless Chromium not found on PATH: run scripts/install_deps.sh (Debian package "
                     "chromium) or set IBLRNN_CHROMIUM";
  if (node.empty()) ADD_FAILURE() << "node not found: run scripts/install_deps.sh (Debian package nodejs)";
  if (!std::filesystem::exists(kSourceRoot + "/report/node_modules/playwright-core"))
    ADD_FAILURE() << "report/node_modules/playwright-core missing: run scripts/install_deps.sh (npm ci in report/)";
  if (chromium.empty() || node.empty()) return nullptr;
  const auto r = run_command("'" + node + "' '" + script + "' '" + html + "' '" + chromium + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::size_t brace = r.output.rfind("\n{");
  const std::string last = r.output.substr(brace == std::string::npos ? 0 : brace + 1);
  try {
    return nlohmann::json::parse(last);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "browser check printed no JSON: " << r.output;
    return nullptr;
  }
}

}  // namespace iblrnn::testing
