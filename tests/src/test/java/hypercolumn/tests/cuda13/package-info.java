/**
 * The CUDA path against NVIDIA's real CUDA 13 libraries, from the pip wheels the build unpacks
 * into {@code target/cuda-wheels} ({@code src/wheels/fetch.sh}), on a machine without a GPU: the
 * real NVRTC compiles every kernel through the runtime's forwarder, the real cuBLAS loads and
 * fails to start as it does without a GPU, library discovery finds the wheels in a Python
 * environment, and each start-up failure says what was loaded, from where, and what to do. The
 * driver beside them is the CPU emulator's {@code libcuda.so.1}. Each case runs in a child JVM,
 * since a JVM loads its CUDA libraries once.
 */
package hypercolumn.tests.cuda13;
