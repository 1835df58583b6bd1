#include "toolchain.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace hc {

namespace {
const char kPrelude[] =
#include "prelude.inc"
    ;

std::string readAll(const std::string& path) {
  std::string text;
  FILE* file = fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return text;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, n);
  }
  fclose(file);
  return text;
}
}  // namespace

const char* const kModuleMarker = "// hypercolumn-cuda-emulator module";

const char* kernelPrelude() { return kPrelude; }

std::string compiler() {
  const char* configured = getenv("HC_CUDA_EMULATOR_CXX");
  return configured != nullptr && *configured != '\0' ? configured : "g++";
}

std::string workDirectory() {
  const char* tmp = getenv("TMPDIR");
  std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/hypercolumn-cuda-emulator-" +
                    std::to_string(getuid());
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return "";
  }
  return dir;
}

std::string hashHex(const std::string& text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash = (hash ^ c) * 0x100000001b3ULL;
  }
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long) hash);
  return hex;
}

bool writeFile(const std::string& path, const std::string& text) {
  FILE* file = fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return false;
  }
  bool ok = fwrite(text.data(), 1, text.size(), file) == text.size();
  return fclose(file) == 0 && ok;
}

std::string uniquePath(const std::string& prefix, const std::string& suffix) {
  static std::atomic<unsigned> counter{0};
  return workDirectory() + "/" + prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + suffix;
}

int runCompiler(const std::vector<std::string>& arguments, std::string& output) {
  std::string cxx = compiler();
  std::string logPath = uniquePath("log", ".txt");
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(cxx.c_str()));
  for (const std::string& argument : arguments) {
    argv.push_back(const_cast<char*>(argument.c_str()));
  }
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid;
  int spawned = posix_spawnp(&pid, cxx.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    unlink(logPath.c_str());
    output = "cannot run the host compiler '" + cxx + "' (" + strerror(spawned) +
             "): the CUDA emulator compiles kernels with g++; install build-essential";
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  output = readAll(logPath);
  unlink(logPath.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && output.empty()) {
    output = "the host compiler '" + cxx + "' was not found: install build-essential";
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace hc
