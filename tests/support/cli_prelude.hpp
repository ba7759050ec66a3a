// Test support for the tests of the iblrnn executable: the helpers they all use, in scope.
#pragma once

#include <filesystem>

#include "iblrnn/io/files.hpp"
#include "shell.hpp"

using iblrnn::read_text_file;
using iblrnn::testing::CommandResult;
using iblrnn::testing::iblrnn_cli;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;
namespace fs = std::filesystem;
