#include "iblrnn/sweep/executors.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

extern char** environ;

namespace iblrnn::sweep {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Starts argv[0] (searched on PATH) with stdout and stderr to `log_path` (appended) or, when
// `capture` is given, to a pipe read into *capture, with this process's environment plus
// `extra_env` ("NAME=value"). Returns the child's pid (0 if it could not start, with errno's
// message in *error).
pid_t spawn(const std::vector<std::string>& args, const std::string& log_path, int* pipe_read,
            std::string* error, const std::vector<std::string>& extra_env = {}) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) env.push_back(*e);
  for (const auto& e : extra_env) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int fds[2] = {-1, -1};
  if (pipe_read) {
    if (::pipe(fds) != 0) {
      *error = "cannot create a pipe";
      return 0;
    }
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (pipe_read) {
    ::close(fds[1]);
    *pipe_read = fds[0];
  }
  if (rc != 0) {
    *error = std::string(argv[0]) + ": " + std::strerror(rc);
    if (pipe_read) ::close(fds[0]);
    return 0;
  }
  return pid;
}

// Runs a command to its end; returns its exit status (127 when it cannot start) and output.
int run_captured(const std::vector<std::string>& args, std::string& output) {
  int fd = -1;
  std::string error;
  const pid_t pid = spawn(args, "", &fd, &error);
  if (pid == 0) {
    output = error;
    return 127;
  }
  output.clear();
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) output.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// "0-3,7,9-10" from sorted indices.
std::string index_ranges(const std::vector<std::int64_t>& indices) {
  std::string out;
  for (std::size_t k = 0; k < indices.size();) {
    std::size_t j = k;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(indices[k]);
    if (j > k) out += "-" + std::to_string(indices[j]);
    k = j + 1;
  }
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<PointStatus> sweep_status(const std::string& dir, const SweepSpec& spec, SweepCounts* counts) {
  std::vector<PointStatus> out;
  SweepCounts c;
  for (const auto& p : points(spec)) {
    out.push_back(point_status(dir, spec, p));
    switch (out.back().state) {
      case PointState::complete: ++c.complete; break;
      case PointState::running: ++c.running; break;
      case PointState::failed: ++c.failed; break;
      case PointState::pending: ++c.pending; break;
    }
  }
  if (counts) *counts = c;
  return out;
}

std::string progress_line(const SweepCounts& c, double eta_seconds) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%lld/%lld complete, %lld running, %lld failed, %lld pending",
                static_cast<long long>(c.complete), static_cast<long long>(c.total()),
                static_cast<long long>(c.running), static_cast<long long>(c.failed),
                static_cast<long long>(c.pending));
  std::string line = buf;
  if (eta_seconds >= 0) {
    std::snprintf(buf, sizeof buf, ", ETA %.0f s", eta_seconds);
    line += buf;
  }
  return line;
}

SweepCounts run_local(const std::string& dir, const std::string& exe, int jobs, const SweepLog& log) {
  require(jobs >= 1 && jobs <= 4096, "sweep", "jobs", "must be in [1, 4096]", jobs);
  const SweepSpec spec = read_sweep(dir);
  const auto pts = points(spec);
  const auto statuses = sweep_status(dir, spec);
  std::vector<std::int64_t> todo;
  SweepCounts c;
  for (std::size_t k = 0; k < pts.size(); ++k) {
    if (statuses[k].state == PointState::complete) ++c.complete;
    else if (statuses[k].state == PointState::running) ++c.running;  // another process has it
    else todo.push_back(static_cast<std::int64_t>(k));
  }
  c.pending = static_cast<std::int64_t>(todo.size());
  const std::int64_t foreign_running = c.running;
  c.running = 0;
  if (log && c.complete > 0) log(std::to_string(c.complete) + " points already complete, skipped");
  if (log && foreign_running > 0)
    log(std::to_string(foreign_running) + " points run by another process, skipped");
  // The points end with this process, even killed (kSweepParentEnv).
  const std::string parent_env = std::string(kSweepParentEnv) + "=" + std::to_string(::getpid());
  std::map<pid_t, std::pair<std::int64_t, Clock::time_point>> running;
  double busy_seconds = 0;
  std::int64_t n_finished = 0;
  std::size_t next = 0;
  const auto eta = [&] {
    if (n_finished == 0) return -1.0;
    return busy_seconds / n_finished * double(c.pending + c.running) / jobs;
  };
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && static_cast<int>(running.size()) < jobs) {
      const SweepPoint& p = pts[todo[next++]];
      std::string error;
      const pid_t pid = spawn({exe, "sweep", "point", dir, std::to_string(p.index)},
                              dir + "/logs/" + p.name + ".log", nullptr, &error, {parent_env});
      --c.pending;
      if (pid == 0) {
        ++c.failed;
        if (log) log(p.name + " could not start: " + error);
        continue;
      }
      ++c.running;
      running[pid] = {p.index, Clock::now()};
      if (log) log(p.name + " started — " + progress_line(c, eta()));
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint& p = pts[it->second.first];
    const double seconds = std::chrono::duration<double>(Clock::now() - it->second.second).count();
    running.erase(it);
    --c.running;
    busy_seconds += seconds;
    ++n_finished;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok) ++c.complete;
    else ++c.failed;
    char took[64];
    std::snprintf(took, sizeof took, " in %.1f s", seconds);
    if (log) {
      log(p.name + (ok ? " complete" : " FAILED (see logs/" + p.name + ".log)") + took + " — " +
          progress_line(c, eta()));
    }
  }
  SweepCounts end;
  sweep_status(dir, spec, &end);
  return end;
}

void SlurmOptions::validate() const {
  require(cpus_per_task >= 1 && cpus_per_task <= 4096, "sweep", "cpus_per_task", "must be in [1, 4096]",
          cpus_per_task);
  require(max_running >= 0, "sweep", "max_running", "must be >= 0 (0 = no limit)", max_running);
  const auto plain = [](const std::string& s) { return s.find_first_of(" \t\n'\"\\") == std::string::npos; };
  require(!mem.empty() && plain(mem), "sweep", "mem", "must be a Slurm memory size such as 2G", mem);
  require(!time.empty() && plain(time), "sweep", "time", "must be a Slurm time such as 01:00:00", time);
  require(plain(partition), "sweep", "partition", "must be a partition name", partition);
}

std::string slurm_array_script(const std::string& dir, const std::string& exe,
                               const std::vector<std::int64_t>& indices, const SlurmOptions& o) {
  std::ostringstream os;
  os << "#!/bin/bash\n"
     << "# iblrnn sweep: one array task per point of " << dir << " (docs/sweep.md)\n"
     << "#SBATCH --job-name=iblrnn-sweep\n"
     << "#SBATCH --array=" << index_ranges(indices);
  if (o.max_running > 0) os << "%" << o.max_running;
  os << "\n#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n"
     << "#SBATCH --mem=" << o.mem << "\n"
     << "#SBATCH --time=" << o.time << "\n";
  if (!o.partition.empty()) os << "#SBATCH --partition=" << o.partition << "\n";
  os << "#SBATCH --output=" << dir << "/logs/slurm-%A_%a.log\n"
     << "exec " << shell_quote(exe) << " sweep point " << shell_quote(dir) << " \"$SLURM_ARRAY_TASK_ID\"\n";
  return os.str();
}

std::string submit_slurm(const std::string& dir, const std::string& exe, const SlurmOptions& options,
                         const SweepLog& log) {
  options.validate();
  const SweepSpec spec = read_sweep(dir);
  const auto statuses = sweep_status(dir, spec);
  std::vector<std::int64_t> todo;
  for (std::size_t k = 0; k < statuses.size(); ++k) {
    if (statuses[k].state == PointState::pending || statuses[k].state == PointState::failed)
      todo.push_back(static_cast<std::int64_t>(k));
  }
  if (todo.empty()) {
    if (log) log("no point to submit (every point is complete or running)");
    return "";
  }
  make_dirs(dir + "/slurm");
  int n = 1;
  while (fs::exists(dir + "/slurm/submit-" + std::to_string(n) + ".sh")) ++n;
  const std::string script = dir + "/slurm/submit-" + std::to_string(n) + ".sh";
  write_text_file(script, slurm_array_script(dir, exe, todo, options));
  std::vector<std::string> args = {"sbatch", "--parsable"};
  for (const auto& a : options.sbatch_args) args.push_back(a);
  args.push_back(script);
  std::string output;
  const int rc = run_captured(args, output);
  if (rc != 0) throw IoError(script, "sbatch failed (exit " + std::to_string(rc) + "): " + one_line(output));
  std::string job = one_line(output);
  job = job.substr(0, job.find(';'));  // --parsable: "JOBID[;CLUSTER]"
  if (job.empty() || job.find_first_not_of("0123456789") != std::string::npos) {
    throw IoError(script, "sbatch printed no job id: " + one_line(output));
  }
  std::FILE* f = std::fopen((dir + "/slurm/jobs.txt").c_str(), "a");
  if (f) {
    std::fprintf(f, "%s submit-%d.sh %zu\n", job.c_str(), n, todo.size());
    std::fclose(f);
  }
  if (log) log("submitted job " + job + " (" + std::to_string(todo.size()) + " array tasks, " + script + ")");
  return job;
}

SweepCounts wait_slurm(const std::string& dir, const std::string& job_id, const SweepLog& log) {
  const SweepSpec spec = read_sweep(dir);
  std::string last;
  SweepCounts c;
  int n_errors = 0;
  for (;;) {
    std::string output;
    const int rc = run_captured({"squeue", "-h", "-r", "-j", job_id, "-o", "%T"}, output);
    sweep_status(dir, spec, &c);
    const std::string line = progress_line(c, -1);
    if (line != last && log) log("job " + job_id + ": " + line);
    last = line;
    // Done when squeue lists no task of the job (or no longer knows it); other errors (a
    // controller busy for a moment) are retried a few times.
    if (rc == 0 && one_line(output).empty()) break;
    if (rc != 0 && (output.find("Invalid job id") != std::string::npos || ++n_errors > 10)) break;
    if (rc == 0) n_errors = 0;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  sweep_status(dir, spec, &c);
  return c;
}

std::string current_executable() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw IoError("/proc/self/exe", "cannot find the running executable");
  return p.string();
}

}  // namespace iblrnn::sweep
