// What the emulated cuDNN's sources share: cuDNN 9's status numbers, the handle and the tensor
// descriptor, and the registry of live handles and descriptors (cudnn.cpp owns it).
#pragma once

#include <cstddef>

#include "../common/emulator_internal.h"

#define HC_EXPORT extern "C" __attribute__((visibility("default")))

typedef int cudnnStatus_t;
enum : int {
  CUDNN_STATUS_SUCCESS = 0,
  CUDNN_STATUS_NOT_INITIALIZED = 1001,
  CUDNN_STATUS_BAD_PARAM = 2000,
  CUDNN_STATUS_BAD_PARAM_NULL_POINTER = 2001,
  CUDNN_STATUS_NOT_SUPPORTED = 3000,
  CUDNN_STATUS_INTERNAL_ERROR = 4000,
  CUDNN_STATUS_EXECUTION_FAILED = 5000,
};
enum : int { CUDNN_TENSOR_NCHW = 0 };
enum : int { CUDNN_DATA_FLOAT = 0 };

struct HcDnn {
  CUstream stream = nullptr;
};
struct Tensor4d {
  bool set = false;
  int n = 0, c = 0, h = 0, w = 0;
  int ns = 0, cs = 0, hs = 0, ws = 0;
  long long at(int i, int j, int k, int l) const {
    return (long long) i * ns + (long long) j * cs + (long long) k * hs + (long long) l * ws;
  }
  size_t bytes() const {  // from the first float to one past the last
    return (size_t) (at(n - 1, c - 1, h - 1, w - 1) + 1) * sizeof(float);
  }
};

typedef HcDnn* cudnnHandle_t;
typedef Tensor4d* cudnnTensorDescriptor_t;

/** Whether object is a handle or descriptor that was created and not yet destroyed. */
bool hcDnnAlive(const void* object);
