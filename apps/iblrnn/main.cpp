// iblrnn: the command-line front end. Each subcommand lives in its own cmd_*.cpp and
// registers itself; user errors print one line and exit 2.
#include <cstdio>
#include <exception>

#include "cli.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/interrupt_cleanup.hpp"

int main(int argc, char** argv) {
  // Before any thread starts: SIGINT/SIGTERM remove the temporaries being written.
  iblrnn::install_interrupt_cleanup();
  CLI::App app{"iblrnn: recurrent networks, Bayesian agents and mice on the IBL decision task"};
  app.set_version_flag("--version", std::string("iblrnn ") + IBLRNN_VERSION);
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
    std::fprintf(stderr, "iblrnn: error: %s (see --help)\n", e.what());
    return 2;
  } catch (const iblrnn::InvalidInput& e) {
    std::fprintf(stderr, "iblrnn: error: %s\n", e.what());
    return 2;
  } catch (const iblrnn::IoError& e) {
    std::fprintf(stderr, "iblrnn: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iblrnn: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
