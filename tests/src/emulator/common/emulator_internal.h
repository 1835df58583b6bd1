// Entry points the emulated libcuda.so.1 exports for the emulated libcublas.so.12 (and nothing
// else). They are not part of any CUDA API; the hc prefix keeps them apart from it.
#pragma once

#include <cstddef>

typedef struct HcStream* CUstream;

extern "C" {

/**
 * Runs run(copy of data) on the stream: now, in stream order, or, while the stream is
 * capturing, later, each time a graph instantiated from the capture is launched. The size
 * bytes of data are copied, so the caller may pass a stack object.
 *
 * @return a CUresult: CUDA_SUCCESS, CUDA_ERROR_INVALID_HANDLE for an unknown stream,
 *     CUDA_ERROR_STREAM_CAPTURE_INVALIDATED for a capture already broken
 */
int hcEmuEnqueue(CUstream stream, void (*run)(void* data), const void* data, size_t size);

/** 1 if [pointer, pointer + bytes) lies inside one allocation the device can address, else 0. */
int hcEmuDeviceRange(const void* pointer, size_t bytes);
}
