// Test support for the tests of the iblrnn executable: the helpers they all use, in scope.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "iblrnn/io/files.hpp"
#include "shell.hpp"

using iblrnn::io::read_text_file;
using iblrnn::testing::CommandResult;
using iblrnn::testing::iblrnn_cli;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;
namespace fs = std::filesystem;

/// Bad input as the command line must answer it: exit 2 and one line that contains `message`.
inline void expect_one_line_error(const CommandResult& r, const std::string& message,
                                  const std::string& args) {
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
  EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
  int lines = 0;
  for (char ch : r.output) lines += ch == '\n';
  EXPECT_EQ(lines, 1) << r.output;
}
