// The emulated driver: initialization, the one device, its primary context, memory and error
// names. Device memory is host memory: a CUdeviceptr is the address malloc returned.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "driver.h"

namespace hc {

std::recursive_mutex driverLock;
bool initialized = false;
HcContext primaryContext;
static thread_local CUcontext currentContext = nullptr;

struct Allocation {
  size_t bytes;
  bool host;
};
static std::map<uintptr_t, Allocation> allocations;
static size_t allocatedBytes = 0;

CUresult checkContext() {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (currentContext == nullptr || currentContext->retainCount <= 0) {
    return CUDA_ERROR_INVALID_CONTEXT;
  }
  return CUDA_SUCCESS;
}

bool insideAllocation(const void* pointer, size_t bytes) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  uintptr_t start = (uintptr_t) pointer;
  auto after = allocations.upper_bound(start);
  if (after == allocations.begin()) {
    return false;
  }
  --after;
  return start + bytes >= start && start + bytes <= after->first + after->second.bytes;
}

double nowMilliseconds() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static CUresult allocate(void** pointer, size_t bytes, bool host) {
  if (pointer == nullptr || bytes == 0) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS || (status = checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED)) != CUDA_SUCCESS) {
    return status;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (bytes > kTotalMemory - allocatedBytes) {
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  void* memory = aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (memory == nullptr) {
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  // Fresh device memory is not zero on a GPU either: all bits set (NaN floats) makes code that
  // forgets to clear it fail visibly.
  memset(memory, 0xff, bytes);
  allocations[(uintptr_t) memory] = Allocation{bytes, host};
  allocatedBytes += bytes;
  *pointer = memory;
  return CUDA_SUCCESS;
}

static CUresult release(void* pointer, bool host) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS || (status = checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED)) != CUDA_SUCCESS) {
    return status;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  auto found = allocations.find((uintptr_t) pointer);
  if (found == allocations.end() || found->second.host != host) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  allocatedBytes -= found->second.bytes;
  allocations.erase(found);
  free(pointer);
  return CUDA_SUCCESS;
}

}  // namespace hc

using namespace hc;

HC_EXPORT int hcEmuDeviceRange(const void* pointer, size_t bytes) { return insideAllocation(pointer, bytes) ? 1 : 0; }

HC_EXPORT CUresult cuInit(unsigned flags) {
  if (flags != 0) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  initialized = true;
  return CUDA_SUCCESS;
}

// CUDA 12.6 unless HC_EMULATOR_DRIVER_VERSION says otherwise (13000 for CUDA 13.0): the tests of
// the runtime's start-up checks need a driver older, or no older, than the real CUDA 13 libraries.
HC_EXPORT CUresult cuDriverGetVersion(int* version) {
  if (version == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  const char* forced = getenv("HC_EMULATOR_DRIVER_VERSION");
  *version = forced != nullptr && atoi(forced) > 0 ? atoi(forced) : 12060;
  return CUDA_SUCCESS;
}

// --- Entry points NVIDIA's own libraries look up
// The real NVRTC looks up cuGetExportTable with dlsym and calls it without checking that it was
// found, so without it the process crashes; the CUDA runtime inside cuBLAS asks
// cuGetProcAddress_v2 for every other function. The emulator serves neither private tables nor
// its functions to them: they get the errors a driver gives for what it lacks, and cuBLAS
// reports that it cannot start (CUBLAS_STATUS_NOT_INITIALIZED), as it does without a GPU.
HC_EXPORT CUresult cuGetExportTable(const void** table, const void* /* CUuuid* id */) {
  if (table == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *table = nullptr;
  return CUDA_ERROR_NOT_SUPPORTED;
}

// symbolStatus is a CUdriverProcAddressQueryResult: 1 is CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND.
HC_EXPORT CUresult cuGetProcAddress_v2(const char* symbol, void** function, int /* cudaVersion */,
                                       unsigned long long /* flags */, int* symbolStatus) {
  if (symbol == nullptr || function == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *function = nullptr;
  if (symbolStatus != nullptr) {
    *symbolStatus = 1;
  }
  return CUDA_ERROR_NOT_FOUND;
}

// The CUDA 11.3 to 12.x form, which older runtimes look up.
HC_EXPORT CUresult cuGetProcAddress(const char* symbol, void** function, int cudaVersion,
                                    unsigned long long flags) {
  return cuGetProcAddress_v2(symbol, function, cudaVersion, flags, nullptr);
}

static CUresult checkDevice(CUdevice device) {
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  return device == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

HC_EXPORT CUresult cuDeviceGetCount(int* count) {
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (count == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *count = 1;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuDeviceGet(CUdevice* device, int ordinal) {
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (device == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (ordinal != 0) {
    return CUDA_ERROR_INVALID_DEVICE;
  }
  *device = 0;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuDeviceGetName(char* name, int length, CUdevice device) {
  CUresult status = checkDevice(device);
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (name == nullptr || length <= 0) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  snprintf(name, (size_t) length, "%s", "Hypercolumn CUDA emulator (CPU)");
  return CUDA_SUCCESS;
}

/** An H100-like device with 4 multiprocessors; attributes not listed are 0 (unsupported). */
static int attributeValue(int attribute) {
  switch (attribute) {
    case 1: return 1024;          // MAX_THREADS_PER_BLOCK
    case 2: return 1024;          // MAX_BLOCK_DIM_X
    case 3: return 1024;          // MAX_BLOCK_DIM_Y
    case 4: return 64;            // MAX_BLOCK_DIM_Z
    case 5: return 2147483647;    // MAX_GRID_DIM_X
    case 6: return 65535;         // MAX_GRID_DIM_Y
    case 7: return 65535;         // MAX_GRID_DIM_Z
    case 8: return 49152;         // MAX_SHARED_MEMORY_PER_BLOCK
    case 9: return 65536;         // TOTAL_CONSTANT_MEMORY
    case 10: return 32;           // WARP_SIZE
    case 11: return 2147483647;   // MAX_PITCH
    case 12: return 65536;        // MAX_REGISTERS_PER_BLOCK
    case 13: return 1000000;      // CLOCK_RATE (kHz)
    case 14: return 512;          // TEXTURE_ALIGNMENT
    case 16: return 4;            // MULTIPROCESSOR_COUNT
    case 19: return 1;            // CAN_MAP_HOST_MEMORY
    case 36: return 1000000;      // MEMORY_CLOCK_RATE (kHz)
    case 37: return 256;          // GLOBAL_MEMORY_BUS_WIDTH
    case 38: return 4 << 20;      // L2_CACHE_SIZE
    case 39: return 2048;         // MAX_THREADS_PER_MULTIPROCESSOR
    case 41: return 1;            // UNIFIED_ADDRESSING
    case 75: return 9;            // COMPUTE_CAPABILITY_MAJOR
    case 76: return 0;            // COMPUTE_CAPABILITY_MINOR
    case 81: return 233472;       // MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
    case 82: return 65536;        // MAX_REGISTERS_PER_MULTIPROCESSOR
    case 97: return 232448;       // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
    case 106: return 32;          // MAX_BLOCKS_PER_MULTIPROCESSOR
    default: return 0;
  }
}

HC_EXPORT CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device) {
  CUresult status = checkDevice(device);
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (value == nullptr || attribute < 1 || attribute > 145) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *value = attributeValue(attribute);
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device) {
  CUresult status = checkDevice(device);
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (bytes == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *bytes = kTotalMemory;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice device) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  CUresult status = checkDevice(device);
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (context == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  primaryContext.retainCount++;
  *context = &primaryContext;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  CUresult status = checkDevice(device);
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (primaryContext.retainCount <= 0) {
    return CUDA_ERROR_INVALID_CONTEXT;
  }
  primaryContext.retainCount--;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuCtxSetCurrent(CUcontext context) {
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (context != nullptr && context != &primaryContext) {
    return CUDA_ERROR_INVALID_CONTEXT;
  }
  currentContext = context;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuCtxGetCurrent(CUcontext* context) {
  if (!initialized) {
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (context == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *context = currentContext;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuCtxSynchronize() {
  CUresult status = checkContext();
  return status != CUDA_SUCCESS ? status : checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED);
}

HC_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes) {
  if (pointer == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  void* memory = nullptr;
  CUresult status = allocate(&memory, bytes, false);
  if (status == CUDA_SUCCESS) {
    *pointer = (CUdeviceptr) (uintptr_t) memory;
  }
  return status;
}

HC_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer) { return release((void*) (uintptr_t) pointer, false); }

HC_EXPORT CUresult cuMemAllocHost_v2(void** pointer, size_t bytes) { return allocate(pointer, bytes, true); }

HC_EXPORT CUresult cuMemHostAlloc(void** pointer, size_t bytes, unsigned flags) {
  return (flags & ~7u) != 0 ? CUDA_ERROR_INVALID_VALUE : allocate(pointer, bytes, true);
}

HC_EXPORT CUresult cuMemFreeHost(void* pointer) { return release(pointer, true); }

HC_EXPORT CUresult cuMemGetInfo_v2(size_t* freeBytes, size_t* totalBytes) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (freeBytes == nullptr || totalBytes == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  *freeBytes = kTotalMemory - allocatedBytes;
  *totalBytes = kTotalMemory;
  return CUDA_SUCCESS;
}

// --- copies and fills: checked against the allocations, run in stream order

static CUresult copy(void* target, bool targetOnDevice, const void* source, bool sourceOnDevice, size_t bytes,
                     CUstream stream, bool synchronous) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (bytes == 0) {
    return CUDA_SUCCESS;
  }
  if (target == nullptr || source == nullptr || (targetOnDevice && !insideAllocation(target, bytes)) ||
      (sourceOnDevice && !insideAllocation(source, bytes))) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (synchronous && (status = checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_IMPLICIT)) != CUDA_SUCCESS) {
    return status;
  }
  return submit(stream, [=] { memmove(target, source, bytes); });
}

#define HC_DEVICE(p) ((void*) (uintptr_t) (p))

HC_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr target, const void* source, size_t bytes) {
  return copy(HC_DEVICE(target), true, source, false, bytes, nullptr, true);
}
HC_EXPORT CUresult cuMemcpyDtoH_v2(void* target, CUdeviceptr source, size_t bytes) {
  return copy(target, false, HC_DEVICE(source), true, bytes, nullptr, true);
}
HC_EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr target, CUdeviceptr source, size_t bytes) {
  return copy(HC_DEVICE(target), true, HC_DEVICE(source), true, bytes, nullptr, true);
}
HC_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr target, const void* source, size_t bytes, CUstream stream) {
  return copy(HC_DEVICE(target), true, source, false, bytes, stream, false);
}
HC_EXPORT CUresult cuMemcpyDtoHAsync_v2(void* target, CUdeviceptr source, size_t bytes, CUstream stream) {
  return copy(target, false, HC_DEVICE(source), true, bytes, stream, false);
}
HC_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr target, CUdeviceptr source, size_t bytes, CUstream stream) {
  return copy(HC_DEVICE(target), true, HC_DEVICE(source), true, bytes, stream, false);
}

static CUresult fill32(CUdeviceptr target, unsigned value, size_t count, CUstream stream, bool synchronous) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (count == 0) {
    return CUDA_SUCCESS;
  }
  unsigned* words = (unsigned*) HC_DEVICE(target);
  if (target % 4 != 0 || count > SIZE_MAX / 4 || !insideAllocation(words, count * 4)) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (synchronous && (status = checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_IMPLICIT)) != CUDA_SUCCESS) {
    return status;
  }
  return submit(stream, [=] {
    for (size_t i = 0; i < count; i++) {
      words[i] = value;
    }
  });
}

HC_EXPORT CUresult cuMemsetD32_v2(CUdeviceptr target, unsigned value, size_t count) {
  return fill32(target, value, count, nullptr, true);
}
HC_EXPORT CUresult cuMemsetD32Async(CUdeviceptr target, unsigned value, size_t count, CUstream stream) {
  return fill32(target, value, count, stream, false);
}

// --- error names and strings

namespace {
struct ErrorText {
  int code;
  const char* name;
  const char* text;
};
const ErrorText kErrors[] = {
    {0, "CUDA_SUCCESS", "no error"},
    {1, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {3, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {4, "CUDA_ERROR_DEINITIALIZED", "driver shutting down"},
    {34, "CUDA_ERROR_STUB_LIBRARY", "CUDA driver is a stub library"},
    {100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {101, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {200, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {201, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {209, "CUDA_ERROR_NO_BINARY_FOR_GPU", "no kernel image is available for execution on the device"},
    {218, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
    {221, "CUDA_ERROR_JIT_COMPILER_NOT_FOUND", "PTX JIT compiler library not found"},
    {300, "CUDA_ERROR_INVALID_SOURCE", "device kernel image is invalid"},
    {301, "CUDA_ERROR_FILE_NOT_FOUND", "file not found"},
    {400, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {401, "CUDA_ERROR_ILLEGAL_STATE", "the operation cannot be performed in the present state"},
    {500, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {600, "CUDA_ERROR_NOT_READY", "device not ready"},
    {700, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
    {701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {709, "CUDA_ERROR_CONTEXT_IS_DESTROYED", "context is destroyed"},
    {719, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {800, "CUDA_ERROR_NOT_PERMITTED", "operation not permitted"},
    {801, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {900, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED", "operation not permitted when stream is capturing"},
    {901, "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED", "operation failed due to a previous error during capture"},
    {902, "CUDA_ERROR_STREAM_CAPTURE_MERGE", "operation would result in a merge of separate capture sequences"},
    {903, "CUDA_ERROR_STREAM_CAPTURE_UNMATCHED", "capture was not ended in the same stream as it began"},
    {904, "CUDA_ERROR_STREAM_CAPTURE_UNJOINED", "capturing stream has unjoined work"},
    {905, "CUDA_ERROR_STREAM_CAPTURE_ISOLATION", "dependency created on uncaptured work in another stream"},
    {906, "CUDA_ERROR_STREAM_CAPTURE_IMPLICIT", "operation would make the legacy stream depend on a capturing blocking stream"},
    {907, "CUDA_ERROR_CAPTURED_EVENT", "operation not permitted on an event last recorded in a capturing stream"},
    {908, "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD", "attempt to terminate a thread-local capture sequence from another thread"},
    {999, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

const ErrorText* findError(int code) {
  for (const ErrorText& error : kErrors) {
    if (error.code == code) {
      return &error;
    }
  }
  return nullptr;
}
}  // namespace

HC_EXPORT CUresult cuGetErrorName(CUresult error, const char** name) {
  if (name == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  const ErrorText* found = findError(error);
  *name = found != nullptr ? found->name : nullptr;
  return found != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

HC_EXPORT CUresult cuGetErrorString(CUresult error, const char** text) {
  if (text == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  const ErrorText* found = findError(error);
  *text = found != nullptr ? found->text : nullptr;
  return found != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
