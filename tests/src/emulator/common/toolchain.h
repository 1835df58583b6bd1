// What the emulated NVRTC and the emulated driver share: the kernel prelude, the host C++
// compiler and a private work directory. Linked into both libraries with hidden visibility.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hc {

/** The text of kernel_prelude.h, embedded at build time. */
const char* kernelPrelude();

/** The marker line that starts every "PTX" image the emulated NVRTC produces. */
extern const char* const kModuleMarker;

/** The host compiler: $HC_CUDA_EMULATOR_CXX, else g++ from the PATH. */
std::string compiler();

/** $TMPDIR (or /tmp)/hypercolumn-cuda-emulator-<uid>, created on first use; empty on failure. */
std::string workDirectory();

/** 64-bit FNV-1a, printed as 16 hex digits. */
std::string hashHex(const std::string& text);

bool writeFile(const std::string& path, const std::string& text);

/** A file name in the work directory nobody else uses: prefix, pid, a counter, suffix. */
std::string uniquePath(const std::string& prefix, const std::string& suffix);

/**
 * Runs the compiler with these arguments (argv[0] is added), its stdout and stderr in output.
 * Returns its exit status, or -1 if it could not be started (output then says why).
 */
int runCompiler(const std::vector<std::string>& arguments, std::string& output);

}  // namespace hc
