// iblrnn: the command-line front end. Each subcommand lives in its own cmd_*.cpp and
// registers itself; user errors print one line and exit 2.
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "cli.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/interrupt_cleanup.hpp"
#include "iblrnn/rnn/kernel_set.hpp"

namespace {

// A message on one line: control characters (a newline inside a quoted value, say) escaped.
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; *p; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int user_error(const char* message, const char* suffix = "") {
  std::fprintf(stderr, "iblrnn: error: %s%s\n", one_line(message).c_str(), suffix);
  return 2;
}

// Streamed runs (bayes, simulate, eval) allocate and free the same few megabytes of columns
// for every chunk of sessions. glibc's defaults hand blocks over 128 kB back to the kernel
// (mmap/munmap, heap trimming), so each chunk page-faulted its memory in again: half the
// wall time of `iblrnn bayes --sessions 5000` (bench/README.md). Keep freed memory in the
// process instead; peak memory is unchanged, only not returned before exit.
void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
  // Before any thread starts: SIGINT/SIGTERM remove the temporaries being written.
  iblrnn::io::install_interrupt_cleanup();
  // The cells' kernel set, chosen once here (IBLRNN_KERNELS or the best this CPU runs).
  std::string kernels;
  try {
    kernels = iblrnn::rnn::kernel_set_description();
  } catch (const iblrnn::core::InvalidInput& e) {
    return user_error(e.what());
  }
  CLI::App app{"iblrnn: recurrent networks, Bayesian agents and mice on the IBL decision task"};
  app.set_version_flag("--version", std::string("iblrnn ") + IBLRNN_VERSION + "\nkernels: " + kernels);
  app.require_subcommand(1);
  iblrnn::cli::setup_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return user_error(e.what(), " (see --help)");
  } catch (const iblrnn::core::InvalidInput& e) {
    return user_error(e.what());
  } catch (const iblrnn::core::IoError& e) {
    return user_error(e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the system refuses (a name too long, a folder too deep, no permission).
    return user_error((e.path1().string() + ": " + e.code().message()).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iblrnn: internal error: %s\n", one_line(e.what()).c_str());
    return 1;
  }
  return 0;
}
