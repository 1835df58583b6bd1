// The emulated CUDA driver's types and shared state. Values and layouts are those of CUDA 12's
// cuda.h (unchanged in CUDA 13); handles are pointers to the structs below.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../common/emulator_internal.h"

#define HC_EXPORT extern "C" __attribute__((visibility("default")))

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct HcContext* CUcontext;
typedef struct HcModule* CUmodule;
typedef struct HcFunction* CUfunction;
typedef struct HcEvent* CUevent;
typedef struct HcGraph* CUgraph;
typedef struct HcGraphExec* CUgraphExec;

enum : int {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_INVALID_IMAGE = 200,
  CUDA_ERROR_INVALID_CONTEXT = 201,
  CUDA_ERROR_INVALID_PTX = 218,
  CUDA_ERROR_JIT_COMPILER_NOT_FOUND = 221,
  CUDA_ERROR_INVALID_HANDLE = 400,
  CUDA_ERROR_ILLEGAL_STATE = 401,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_NOT_READY = 600,
  CUDA_ERROR_NOT_SUPPORTED = 801,
  CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900,
  CUDA_ERROR_STREAM_CAPTURE_INVALIDATED = 901,
  CUDA_ERROR_STREAM_CAPTURE_IMPLICIT = 906,
  CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD = 908,
};

enum : int {
  CU_STREAM_CAPTURE_MODE_GLOBAL = 0,
  CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1,
  CU_STREAM_CAPTURE_MODE_RELAXED = 2,
  CU_STREAM_CAPTURE_STATUS_NONE = 0,
  CU_STREAM_CAPTURE_STATUS_ACTIVE = 1,
  CU_STREAM_CAPTURE_STATUS_INVALIDATED = 2,
  CU_EVENT_DISABLE_TIMING = 0x2,
  CU_JIT_INFO_LOG_BUFFER = 3,
  CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

/** The device's nominal memory; allocations beyond it fail with CUDA_ERROR_OUT_OF_MEMORY. */
constexpr size_t kTotalMemory = size_t(8) << 30;

struct HcContext {
  int retainCount = 0;
};

struct HcGraph {
  std::vector<std::function<void()>> operations;
};

struct HcGraphExec {
  std::vector<std::function<void()>> operations;
};

struct HcStream {
  unsigned flags = 0;
  bool capturing = false;
  bool invalidated = false;
  int captureMode = 0;
  std::thread::id captureThread;
  HcGraph* graph = nullptr;
};

struct HcEvent {
  unsigned flags = 0;
  bool recorded = false;
  double milliseconds = 0;
};

typedef void (*HcLaunch)(void** args, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz);
typedef unsigned (*HcParams)(const size_t** sizes);

struct HcFunction {
  CUmodule module;
  std::string name;
  HcLaunch launch;
  unsigned parameterCount;
  const size_t* parameterSizes;
};

struct HcModule {
  void* library;
  std::map<std::string, HcFunction*> functions;
};

namespace hc {

/** Guards every registry below; never held while user work (a kernel, a gemm) runs. */
extern std::recursive_mutex driverLock;
extern bool initialized;
extern HcContext primaryContext;
extern std::set<HcStream*> streams;
extern std::set<HcEvent*> events;
extern std::set<HcGraph*> graphs;
extern std::set<HcGraphExec*> graphExecs;
extern std::set<HcModule*> modules;
extern std::set<HcFunction*> functions;

/** CUDA_SUCCESS if the driver is initialized and this thread has a live context. */
CUresult checkContext();

/** The stream a handle names (0, CU_STREAM_LEGACY and CU_STREAM_PER_THREAD: the default stream), or null. */
HcStream* resolveStream(CUstream stream);

/** Whether a synchronous call made now would be prohibited by an ongoing capture; invalidates it. */
CUresult checkNotCapturing(CUresult error);

/** Runs work on the stream now, or records it while the stream captures. */
CUresult submit(CUstream stream, std::function<void()> work);

/** Whether [pointer, pointer + bytes) lies inside a device or pinned host allocation. */
bool insideAllocation(const void* pointer, size_t bytes);

double nowMilliseconds();

}  // namespace hc
