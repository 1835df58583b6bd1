// Modules and kernel launches. An image from the emulated NVRTC is a marker line followed by
// the CUDA C source. Loading it compiles prelude + source + one launch wrapper per extern "C"
// __global__ function into a shared object with g++, caches it in the work directory under a
// hash of the whole text (so a second JVM, or a second load, skips the compiler) and dlopens it.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <unistd.h>

#include "../common/toolchain.h"
#include "driver.h"

namespace hc {

std::set<HcModule*> modules;
std::set<HcFunction*> functions;

namespace {

/** Identifiers, string literals and single punctuation characters; comments and # lines dropped. */
std::vector<std::string> tokenize(const std::string& source) {
  std::vector<std::string> tokens;
  size_t i = 0;
  bool lineStart = true;
  while (i < source.size()) {
    char c = source[i];
    if (c == '\n') {
      lineStart = true;
      i++;
    } else if (isspace((unsigned char) c)) {
      i++;
    } else if (lineStart && c == '#') {
      while (i < source.size() && source[i] != '\n') {
        i += source[i] == '\\' && i + 1 < source.size() ? 2 : 1;
      }
    } else if (source.compare(i, 2, "//") == 0) {
      while (i < source.size() && source[i] != '\n') {
        i++;
      }
    } else if (source.compare(i, 2, "/*") == 0) {
      size_t end = source.find("*/", i + 2);
      i = end == std::string::npos ? source.size() : end + 2;
    } else if (c == '"' || c == '\'') {
      size_t start = i++;
      while (i < source.size() && source[i] != c) {
        i += source[i] == '\\' ? 2 : 1;
      }
      i = std::min(i + 1, source.size());
      tokens.push_back(source.substr(start, i - start));
      lineStart = false;
    } else if (isalnum((unsigned char) c) || c == '_') {
      size_t start = i;
      while (i < source.size() && (isalnum((unsigned char) source[i]) || source[i] == '_')) {
        i++;
      }
      tokens.push_back(source.substr(start, i - start));
      lineStart = false;
    } else {
      tokens.push_back(std::string(1, c));
      i++;
      lineStart = false;
    }
  }
  return tokens;
}

/** The names of all `extern "C" __global__ [__launch_bounds__(...)] void NAME(` in order, once each. */
std::vector<std::string> kernelNames(const std::string& source) {
  std::vector<std::string> tokens = tokenize(source);
  std::vector<std::string> names;
  for (size_t i = 2; i < tokens.size(); i++) {
    if (tokens[i] != "__global__" || tokens[i - 1] != "\"C\"" || tokens[i - 2] != "extern") {
      continue;
    }
    size_t j = i + 1;
    if (j < tokens.size() && tokens[j] == "__launch_bounds__" && j + 1 < tokens.size() && tokens[j + 1] == "(") {
      int depth = 0;
      for (j++; j < tokens.size(); j++) {
        depth += tokens[j] == "(" ? 1 : tokens[j] == ")" ? -1 : 0;
        if (depth == 0) {
          j++;
          break;
        }
      }
    }
    if (j + 2 < tokens.size() && tokens[j] == "void" && tokens[j + 2] == "(") {
      const std::string& name = tokens[j + 1];
      bool known = false;
      for (const std::string& seen : names) {
        known = known || seen == name;
      }
      if (!known) {
        names.push_back(name);
      }
    }
  }
  return names;
}

std::string translationUnit(const std::string& source) {
  std::string text = std::string(kernelPrelude()) + "\n#line 1 \"kernel.cu\"\n" + source +
                     "\n#line 1 \"hypercolumn-cuda-emulator-launch-wrappers\"\n";
  for (const std::string& name : kernelNames(source)) {
    text += "extern \"C\" __attribute__((visibility(\"default\"))) void hc_launch_" + name +
            "(void** args, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz) {"
            " hc_launch(" + name + ", args, gx, gy, gz, bx, by, bz); }\n";
    text += "extern \"C\" __attribute__((visibility(\"default\"))) unsigned hc_params_" + name +
            "(const size_t** sizes) { return hc_parameters(" + name + ", sizes); }\n";
  }
  return text;
}

/** The path of the compiled module, building it unless cached; on failure the compiler's output. */
CUresult buildLibrary(const std::string& source, std::string& path, std::string& log) {
  std::string directory = workDirectory();
  if (directory.empty()) {
    log = "cannot create the CUDA emulator's work directory under $TMPDIR";
    return CUDA_ERROR_INVALID_PTX;
  }
  std::string unit = translationUnit(source);
  std::vector<std::string> flags = {"-O2", "-shared", "-fPIC", "-std=c++17", "-w", "-x", "c++"};
  std::string key = unit;
  for (const std::string& flag : flags) {
    key += "\n" + flag;
  }
  path = directory + "/module-" + hashHex(key) + ".so";
  if (access(path.c_str(), R_OK) == 0) {
    return CUDA_SUCCESS;
  }
  std::string cpp = uniquePath("module", ".cpp");
  std::string temporary = uniquePath("module", ".so");
  if (!writeFile(cpp, unit)) {
    log = "cannot write " + cpp;
    return CUDA_ERROR_INVALID_PTX;
  }
  std::vector<std::string> arguments = flags;
  arguments.push_back(cpp);
  arguments.push_back("-o");
  arguments.push_back(temporary);
  int exit = runCompiler(arguments, log);
  unlink(cpp.c_str());
  if (exit != 0) {
    unlink(temporary.c_str());
    return exit < 0 ? CUDA_ERROR_JIT_COMPILER_NOT_FOUND : CUDA_ERROR_INVALID_PTX;
  }
  // Another process may have won the race: rename replaces its identical file atomically.
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    unlink(temporary.c_str());
    log = "cannot rename the compiled module to " + path;
    return CUDA_ERROR_INVALID_PTX;
  }
  return CUDA_SUCCESS;
}

CUresult loadModule(CUmodule* module, const void* image, std::string& log) {
  if (module == nullptr || image == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS || (status = checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED)) != CUDA_SUCCESS) {
    return status;
  }
  const char* text = (const char*) image;
  size_t markerLength = strlen(kModuleMarker);
  if (strncmp(text, kModuleMarker, markerLength) != 0 || (text[markerLength] != '\n' && text[markerLength] != '\r')) {
    log = "not a module of the hypercolumn CUDA emulator (no '" + std::string(kModuleMarker) + "' line)";
    return CUDA_ERROR_INVALID_IMAGE;
  }
  std::string path;
  status = buildLibrary(text + markerLength + 1, path, log);
  if (status != CUDA_SUCCESS) {
    fprintf(stderr, "hypercolumn CUDA emulator: cannot build a module:\n%s\n", log.c_str());
    return status;
  }
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    log = dlerror();
    return CUDA_ERROR_INVALID_IMAGE;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcModule* created = new HcModule();
  created->library = library;
  modules.insert(created);
  *module = created;
  return CUDA_SUCCESS;
}

/** Copies the log into a CU_JIT_ERROR_LOG_BUFFER option, if the caller gave one. */
void reportLog(unsigned count, const int* options, void** values, const std::string& log) {
  char* buffer = nullptr;
  size_t size = 0;
  for (unsigned i = 0; options != nullptr && values != nullptr && i < count; i++) {
    if (options[i] == CU_JIT_ERROR_LOG_BUFFER) {
      buffer = (char*) values[i];
    } else if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES) {
      size = (size_t) (uintptr_t) values[i];
    }
  }
  if (buffer != nullptr && size > 0) {
    snprintf(buffer, size, "%s", log.c_str());
  }
}

}  // namespace
}  // namespace hc

using namespace hc;

HC_EXPORT CUresult cuModuleLoadData(CUmodule* module, const void* image) {
  std::string log;
  return loadModule(module, image, log);
}

HC_EXPORT CUresult cuModuleLoadDataEx(CUmodule* module, const void* image, unsigned count, int* options, void** values) {
  std::string log;
  CUresult status = loadModule(module, image, log);
  reportLog(count, options, values, status == CUDA_SUCCESS ? "" : log);
  return status;
}

HC_EXPORT CUresult cuModuleGetFunction(CUfunction* function, CUmodule module, const char* name) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (function == nullptr || name == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (modules.count(module) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  auto known = module->functions.find(name);
  if (known != module->functions.end()) {
    *function = known->second;
    return CUDA_SUCCESS;
  }
  HcLaunch launch = (HcLaunch) dlsym(module->library, (std::string("hc_launch_") + name).c_str());
  HcParams params = (HcParams) dlsym(module->library, (std::string("hc_params_") + name).c_str());
  if (launch == nullptr || params == nullptr) {
    return CUDA_ERROR_NOT_FOUND;
  }
  HcFunction* created = new HcFunction{module, name, launch, 0, nullptr};
  created->parameterCount = params(&created->parameterSizes);
  module->functions[name] = created;
  functions.insert(created);
  *function = created;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuModuleUnload(CUmodule module) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (modules.erase(module) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  for (auto& entry : module->functions) {
    functions.erase(entry.second);
    delete entry.second;
  }
  dlclose(module->library);
  delete module;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuLaunchKernel(CUfunction function, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                                  unsigned by, unsigned bz, unsigned sharedBytes, CUstream stream, void** params,
                                  void** extra) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  HcLaunch launch;
  unsigned count;
  const size_t* sizes;
  {
    std::lock_guard<std::recursive_mutex> guard(driverLock);
    if (functions.count(function) == 0) {
      return CUDA_ERROR_INVALID_HANDLE;
    }
    launch = function->launch;
    count = function->parameterCount;
    sizes = function->parameterSizes;
  }
  if (extra != nullptr) {
    return CUDA_ERROR_NOT_SUPPORTED;  // arguments packed in one buffer: not emulated
  }
  unsigned long long threads = (unsigned long long) bx * by * bz;
  if (gx == 0 || gy == 0 || gz == 0 || threads == 0 || threads > 1024 || bz > 64 || gy > 65535 || gz > 65535 ||
      gx > 2147483647u || sharedBytes > 49152 || (count > 0 && params == nullptr)) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  // The argument values as they are now: a captured launch must not see later changes to them.
  auto blob = std::make_shared<std::vector<unsigned char>>();
  std::vector<size_t> offsets;
  for (unsigned i = 0; i < count; i++) {
    if (params[i] == nullptr) {
      return CUDA_ERROR_INVALID_VALUE;
    }
    size_t offset = (blob->size() + 15) / 16 * 16;
    offsets.push_back(offset);
    blob->resize(offset + sizes[i]);
    memcpy(blob->data() + offset, params[i], sizes[i]);
  }
  return submit(stream, [=] {
    std::vector<void*> arguments(count + 1);
    for (unsigned i = 0; i < count; i++) {
      arguments[i] = blob->data() + offsets[i];
    }
    launch(arguments.data(), gx, gy, gz, bx, by, bz);
  });
}
