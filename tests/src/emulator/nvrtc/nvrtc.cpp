// The emulated NVRTC. Compiling a program checks it with g++ -fsyntax-only behind the kernel
// prelude (so errors are g++'s, with the program's name and line numbers); the "PTX" is the
// module marker line, the program's -D macros and its source, which the emulated driver compiles
// for real when the image is loaded. It is self-contained, so it may be cached on disk.
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "../common/toolchain.h"

#define HC_EXPORT extern "C" __attribute__((visibility("default")))

typedef int nvrtcResult;
enum : int {
  NVRTC_SUCCESS = 0,
  NVRTC_ERROR_OUT_OF_MEMORY = 1,
  NVRTC_ERROR_INVALID_INPUT = 3,
  NVRTC_ERROR_INVALID_PROGRAM = 4,
  NVRTC_ERROR_INVALID_OPTION = 5,
  NVRTC_ERROR_COMPILATION = 6,
  NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7,
  NVRTC_ERROR_INTERNAL_ERROR = 11,
};

struct HcProgram {
  std::string source;
  std::string name;
  int headerCount = 0;
  std::string log;
  std::string ptx;
  bool compiled = false;
};
typedef HcProgram* nvrtcProgram;

namespace {

std::mutex programsLock;
std::set<HcProgram*> programs;

bool valid(nvrtcProgram program) {
  std::lock_guard<std::mutex> guard(programsLock);
  return programs.count(program) != 0;
}

bool startsWith(const std::string& text, const char* prefix) { return text.compare(0, strlen(prefix), prefix) == 0; }

/** Options that change code generation on a GPU but mean nothing to a host compiler. */
bool ignoredOption(const std::string& option) {
  static const char* const kExact[] = {
      "-default-device", "--device-as-default-execution-space", "--use_fast_math", "-use_fast_math",
      "-lineinfo", "--generate-line-info", "-G", "--device-debug", "-restrict", "--restrict", "-w",
      "--disable-warnings", "-dw", "--extra-device-vectorization", "-extra-device-vectorization", "-dc",
      "-ewp", "--extensible-whole-program", "-dlto", "--dlink-time-opt", "-Werror=all-warnings",
      "--device-int128", "-device-int128"};
  static const char* const kPrefixes[] = {
      "--gpu-architecture=", "-arch=", "-dopt=", "--dopt=", "-ftz=", "--ftz=", "-prec-div=", "--prec-div=",
      "-prec-sqrt=", "--prec-sqrt=", "-fmad=", "--fmad=", "-rdc=", "--relocatable-device-code=",
      "-maxrregcount=", "--maxrregcount=", "-Xptxas=", "--ptxas-options=", "-split-compile=", "--split-compile=",
      "-minimal", "--minimal"};
  for (const char* exact : kExact) {
    if (option == exact) {
      return true;
    }
  }
  for (const char* prefix : kPrefixes) {
    if (startsWith(option, prefix)) {
      return true;
    }
  }
  return false;
}

/** "-DNAME=VALUE" or "--define-macro=NAME" as a #define line; empty if the option is no define. */
std::string defineLine(const std::string& option) {
  std::string macro;
  if (startsWith(option, "-D") && option.size() > 2) {
    macro = option.substr(2);
  } else if (startsWith(option, "--define-macro=")) {
    macro = option.substr(strlen("--define-macro="));
  } else {
    return "";
  }
  size_t equals = macro.find('=');
  return "#define " + (equals == std::string::npos ? macro + " 1" : macro.substr(0, equals) + " " + macro.substr(equals + 1)) +
         "\n";
}

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

HC_EXPORT const char* nvrtcGetErrorString(nvrtcResult result) {
  static const char* const kNames[] = {"NVRTC_SUCCESS",
                                       "NVRTC_ERROR_OUT_OF_MEMORY",
                                       "NVRTC_ERROR_PROGRAM_CREATION_FAILURE",
                                       "NVRTC_ERROR_INVALID_INPUT",
                                       "NVRTC_ERROR_INVALID_PROGRAM",
                                       "NVRTC_ERROR_INVALID_OPTION",
                                       "NVRTC_ERROR_COMPILATION",
                                       "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
                                       "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION",
                                       "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION",
                                       "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID",
                                       "NVRTC_ERROR_INTERNAL_ERROR",
                                       "NVRTC_ERROR_TIME_FILE_WRITE_FAILED"};
  return result >= 0 && result < (int) (sizeof kNames / sizeof kNames[0]) ? kNames[result] : "NVRTC_ERROR unknown";
}

HC_EXPORT nvrtcResult nvrtcVersion(int* major, int* minor) {
  if (major == nullptr || minor == nullptr) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  *major = 12;
  *minor = 6;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcCreateProgram(nvrtcProgram* program, const char* source, const char* name, int headerCount,
                                         const char* const* headers, const char* const* includeNames) {
  if (program == nullptr) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (source == nullptr || headerCount < 0 || (headerCount > 0 && (headers == nullptr || includeNames == nullptr))) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  HcProgram* created = new HcProgram();
  created->source = source;
  created->name = name != nullptr && *name != '\0' ? name : "default_program";
  created->headerCount = headerCount;
  std::lock_guard<std::mutex> guard(programsLock);
  programs.insert(created);
  *program = created;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcDestroyProgram(nvrtcProgram* program) {
  if (program == nullptr) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  std::lock_guard<std::mutex> guard(programsLock);
  if (programs.erase(*program) == 0) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  delete *program;
  *program = nullptr;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcCompileProgram(nvrtcProgram program, int optionCount, const char* const* options) {
  if (!valid(program)) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (optionCount < 0 || (optionCount > 0 && options == nullptr)) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  program->compiled = false;
  program->ptx.clear();
  std::string defines;
  std::string standard = "-std=c++17";
  for (int i = 0; i < optionCount; i++) {
    std::string option = options[i] != nullptr ? options[i] : "";
    std::string define = defineLine(option);
    if (!define.empty()) {
      defines += define;
    } else if (startsWith(option, "-std=") || startsWith(option, "--std=")) {
      standard = "-std=" + option.substr(option.find('=') + 1);
    } else if (!ignoredOption(option)) {
      program->log = "nvrtc: error: the hypercolumn CUDA emulator does not support the option '" + option + "'\n";
      return NVRTC_ERROR_INVALID_OPTION;
    }
  }
  if (program->headerCount > 0) {
    program->log = program->name + ": error: the hypercolumn CUDA emulator does not support headers given to "
                   "nvrtcCreateProgram\n";
    return NVRTC_ERROR_COMPILATION;
  }
  std::string body = defines + "#line 1 " + quoted(program->name) + "\n" + program->source + "\n";
  std::string directory = hc::workDirectory();
  if (directory.empty()) {
    program->log = "cannot create the CUDA emulator's work directory under $TMPDIR\n";
    return NVRTC_ERROR_BUILTIN_OPERATION_FAILURE;
  }
  std::string file = hc::uniquePath("check", ".cpp");
  if (!hc::writeFile(file, std::string(hc::kernelPrelude()) + "\n" + body)) {
    program->log = "cannot write " + file + "\n";
    return NVRTC_ERROR_BUILTIN_OPERATION_FAILURE;
  }
  std::string output;
  int exit = hc::runCompiler({"-fsyntax-only", "-w", standard, "-x", "c++", file}, output);
  unlink(file.c_str());
  program->log = output;
  if (exit < 0) {
    return NVRTC_ERROR_BUILTIN_OPERATION_FAILURE;
  }
  if (exit != 0) {
    return NVRTC_ERROR_COMPILATION;
  }
  program->ptx = std::string(hc::kModuleMarker) + "\n" + body;
  program->compiled = true;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram program, size_t* size) {
  if (!valid(program)) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (size == nullptr) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  *size = program->log.size() + 1;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcGetProgramLog(nvrtcProgram program, char* log) {
  if (!valid(program)) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (log == nullptr) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  memcpy(log, program->log.c_str(), program->log.size() + 1);
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcGetPTXSize(nvrtcProgram program, size_t* size) {
  if (!valid(program) || !program->compiled) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (size == nullptr) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  *size = program->ptx.size() + 1;
  return NVRTC_SUCCESS;
}

HC_EXPORT nvrtcResult nvrtcGetPTX(nvrtcProgram program, char* ptx) {
  if (!valid(program) || !program->compiled) {
    return NVRTC_ERROR_INVALID_PROGRAM;
  }
  if (ptx == nullptr) {
    return NVRTC_ERROR_INVALID_INPUT;
  }
  memcpy(ptx, program->ptx.c_str(), program->ptx.size() + 1);
  return NVRTC_SUCCESS;
}
