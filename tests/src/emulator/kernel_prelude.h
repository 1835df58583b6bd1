// The CUDA emulator's kernel prelude: what NVRTC would provide, mapped onto host C++.
//
// It is placed in front of every kernel source, both when the emulated NVRTC checks a program
// (g++ -fsyntax-only) and when the emulated driver builds a module (g++ -O2 -shared). Blocks and
// threads run one after another on the launching thread, so the built-in indices are
// thread_local variables that the launch wrapper sets, atomics are plain read-modify-writes, and
// everything that needs threads to run together (shared memory, barriers, warp intrinsics) is a
// compile error with a message saying so.
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <tuple>
#include <type_traits>
#include <utility>

struct uint3 { unsigned int x, y, z; };
struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
};

static thread_local uint3 threadIdx;
static thread_local uint3 blockIdx;
static thread_local dim3 blockDim;
static thread_local dim3 gridDim;
static const int warpSize = 32;

#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __restrict__ __restrict
#define __align__(n) __attribute__((aligned(n)))

// _Pragma takes one literal, so each message is spelled out.
#define __shared__ _Pragma("GCC error \"__shared__ memory is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __syncthreads() _Pragma("GCC error \"__syncthreads() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __syncthreads_count(...) _Pragma("GCC error \"__syncthreads_count() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __syncthreads_and(...) _Pragma("GCC error \"__syncthreads_and() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __syncthreads_or(...) _Pragma("GCC error \"__syncthreads_or() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __syncwarp(...) _Pragma("GCC error \"__syncwarp() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __shfl_sync(...) _Pragma("GCC error \"the warp shuffle __shfl_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __shfl_up_sync(...) _Pragma("GCC error \"the warp shuffle __shfl_up_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __shfl_down_sync(...) _Pragma("GCC error \"the warp shuffle __shfl_down_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __shfl_xor_sync(...) _Pragma("GCC error \"the warp shuffle __shfl_xor_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __ballot_sync(...) _Pragma("GCC error \"the warp vote __ballot_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __any_sync(...) _Pragma("GCC error \"the warp vote __any_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __all_sync(...) _Pragma("GCC error \"the warp vote __all_sync() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __activemask() _Pragma("GCC error \"__activemask() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")
#define __threadfence() _Pragma("GCC error \"__threadfence() is not supported: the hypercolumn CUDA emulator runs threads one after another\"")

// Atomics: one thread runs at a time, so a plain update is atomic.
template <typename T> static inline T hc_atomic_add(T* address, T value) { T old = *address; *address = old + value; return old; }
static inline float atomicAdd(float* a, float v) { return hc_atomic_add(a, v); }
static inline double atomicAdd(double* a, double v) { return hc_atomic_add(a, v); }
static inline int atomicAdd(int* a, int v) { return hc_atomic_add(a, v); }
static inline unsigned int atomicAdd(unsigned int* a, unsigned int v) { return hc_atomic_add(a, v); }
static inline unsigned long long atomicAdd(unsigned long long* a, unsigned long long v) { return hc_atomic_add(a, v); }
static inline int atomicSub(int* a, int v) { return hc_atomic_add(a, -v); }
template <typename T> static inline T atomicExch(T* a, T v) { T old = *a; *a = v; return old; }
template <typename T> static inline T atomicMax(T* a, T v) { T old = *a; if (v > old) *a = v; return old; }
template <typename T> static inline T atomicMin(T* a, T v) { T old = *a; if (v < old) *a = v; return old; }
template <typename T> static inline T atomicCAS(T* a, T compare, T v) { T old = *a; if (old == compare) *a = v; return old; }

// CUDA's overloaded min and max for any two arithmetic types.
template <typename A, typename B> static inline typename std::common_type<A, B>::type min(A a, B b) {
  typedef typename std::common_type<A, B>::type C; return (C) b < (C) a ? (C) b : (C) a;
}
template <typename A, typename B> static inline typename std::common_type<A, B>::type max(A a, B b) {
  typedef typename std::common_type<A, B>::type C; return (C) a < (C) b ? (C) b : (C) a;
}

// Float math: <math.h> already has expf, expm1f, tanhf, logf, log1pf, sqrtf, fmaxf, fminf,
// fabsf, erff, powf and the rest; here are CUDA's own names. The fast intrinsics are the
// precise host functions, so they are at least as accurate as on a GPU.
static inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
static inline double rsqrt(double x) { return 1.0 / sqrt(x); }
// glibc declares its own __expf and friends, so CUDA's fast intrinsics are macros.
#define __expf(x) expf(x)
#define __logf(x) logf(x)
#define __log2f(x) log2f(x)
#define __log10f(x) log10f(x)
#define __powf(x, y) powf(x, y)
#define __sinf(x) sinf(x)
#define __cosf(x) cosf(x)
#define __tanf(x) tanf(x)
#define __exp10f(x) powf(10.0f, x)
static inline float __fdividef(float x, float y) { return x / y; }
static inline float fdividef(float x, float y) { return x / y; }
static inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : (x == x ? x : 0.0f)); }
static inline float __fadd_rn(float x, float y) { return x + y; }
static inline float __fsub_rn(float x, float y) { return x - y; }
static inline float __fmul_rn(float x, float y) { return x * y; }
static inline float __fdiv_rn(float x, float y) { return x / y; }
static inline float __frcp_rn(float x) { return 1.0f / x; }
static inline float __fsqrt_rn(float x) { return sqrtf(x); }
static inline float __fmaf_rn(float x, float y, float z) { return fmaf(x, y, z); }
static inline float __frsqrt_rn(float x) { return 1.0f / sqrtf(x); }
static inline int __float_as_int(float x) { int i; memcpy(&i, &x, 4); return i; }
static inline unsigned int __float_as_uint(float x) { unsigned int i; memcpy(&i, &x, 4); return i; }
static inline float __int_as_float(int i) { float x; memcpy(&x, &i, 4); return x; }
static inline float __uint_as_float(unsigned int i) { float x; memcpy(&x, &i, 4); return x; }
static inline int __float2int_rn(float x) { return (int) nearbyintf(x); }
static inline int __float2int_rz(float x) { return (int) x; }
static inline float __int2float_rn(int i) { return (float) i; }
static inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
  return (unsigned long long) (((unsigned __int128) a * b) >> 64);
}
static inline long long __mul64hi(long long a, long long b) { return (long long) (((__int128) a * b) >> 64); }
static inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int) (((unsigned long long) a * b) >> 32); }
static inline int __popc(unsigned int x) { return __builtin_popcount(x); }
static inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
static inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned int) x); }
static inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long) x); }
static inline int __ffs(int x) { return __builtin_ffs(x); }
template <typename T> static inline T __ldg(const T* p) { return *p; }

// --- launch wrappers: the driver appends, for each extern "C" kernel k,
//   extern "C" void hc_launch_k(void** args, gx, gy, gz, bx, by, bz) and
//   extern "C" unsigned hc_params_k(const size_t** sizes),
// which unpack the arguments by the kernel's own parameter types and run every thread in turn.
template <typename T> static inline T hc_argument(const void* pointer) {
  T value;
  memcpy(&value, pointer, sizeof value);
  return value;
}

template <typename... P, size_t... I>
static void hc_run_grid(void (*kernel)(P...), void** args, std::index_sequence<I...>, dim3 grid, dim3 block) {
  std::tuple<typename std::decay<P>::type...> values(hc_argument<typename std::decay<P>::type>(args[I])...);
  gridDim = grid;
  blockDim = block;
  for (unsigned bz = 0; bz < grid.z; bz++)
    for (unsigned by = 0; by < grid.y; by++)
      for (unsigned bx = 0; bx < grid.x; bx++) {
        blockIdx = uint3{bx, by, bz};
        for (unsigned tz = 0; tz < block.z; tz++)
          for (unsigned ty = 0; ty < block.y; ty++)
            for (unsigned tx = 0; tx < block.x; tx++) {
              threadIdx = uint3{tx, ty, tz};
              kernel(std::get<I>(values)...);
            }
      }
}

template <typename... P>
static void hc_launch(void (*kernel)(P...), void** args, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                      unsigned by, unsigned bz) {
  hc_run_grid(kernel, args, std::index_sequence_for<P...>{}, dim3(gx, gy, gz), dim3(bx, by, bz));
}

template <typename... P> static unsigned hc_parameters(void (*)(P...), const size_t** sizes) {
  static const size_t table[sizeof...(P) + 1] = {sizeof(typename std::decay<P>::type)..., 0};
  *sizes = table;
  return (unsigned) sizeof...(P);
}
