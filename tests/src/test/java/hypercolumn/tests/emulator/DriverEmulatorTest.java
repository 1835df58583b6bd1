package hypercolumn.tests.emulator;

import static jcuda.driver.JCudaDriver.cuCtxGetApiVersion;
import static jcuda.driver.JCudaDriver.cuCtxGetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuGetErrorName;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The emulated driver: device information, memory, streams and its error codes, through JCuda. */
@Tag("emulator")
class DriverEmulatorTest {
  @BeforeEach
  void loadEmulator() {
    Emulator.load();
  }

  @Test
  void describesOneComputeCapability90Device() {
    int[] value = new int[1];
    cuDriverGetVersion(value);
    assertEquals(12060, value[0]);
    cuDeviceGetCount(value);
    assertEquals(1, value[0]);
    CUdevice device = new CUdevice();
    cuDeviceGet(device, 0);
    byte[] name = new byte[64];
    cuDeviceGetName(name, name.length, device);
    assertEquals("Hypercolumn CUDA emulator (CPU)", new String(name, 0, indexOfZero(name)));
    int[][] expected = {
        {CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, 9},
        {CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, 0},
        {CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, 4},
        {CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, 1024},
        {CUdevice_attribute.CU_DEVICE_ATTRIBUTE_WARP_SIZE, 32}};
    for (int[] attribute : expected) {
      cuDeviceGetAttribute(value, attribute[0], device);
      assertEquals(attribute[1], value[0], CUdevice_attribute.stringFor(attribute[0]));
    }
    assertError("CUDA_ERROR_INVALID_VALUE", () -> cuDeviceGetAttribute(value, 100000, device));
    assertError("CUDA_ERROR_INVALID_DEVICE", () -> cuDeviceGet(new CUdevice(), 1));
    long[] total = new long[1];
    cuDeviceTotalMem(total, device);
    assertTrue(total[0] >= 1L << 30, "total memory " + total[0]);
    CUcontext current = new CUcontext();
    cuCtxGetCurrent(current);
    assertTrue(!current.equals(new CUcontext()), "a current context");
  }

  @Test
  void memoryRoundTripsThroughCopiesAndFills() {
    float[] values = Emulator.random(37, 1);
    CUdeviceptr first = Emulator.upload(values);
    CUdeviceptr second = new CUdeviceptr();
    cuMemAlloc(second, 37 * 4);
    cuMemcpyDtoD(second, first, 37 * 4);
    assertArrayEquals(values, Emulator.download(second, 37));

    CUstream stream = new CUstream();
    cuStreamCreate(stream, 0);
    cuMemsetD32Async(second.withByteOffset(4 * 5), Float.floatToIntBits(2.5f), 10, stream);
    cuMemcpyDtoDAsync(first.withByteOffset(4), second, 36 * 4, stream);
    cuStreamSynchronize(stream);
    float[] expected = new float[37];
    expected[0] = values[0];
    for (int i = 1; i < 37; i++) {
      int j = i - 1;
      expected[i] = j >= 5 && j < 15 ? 2.5f : values[j];
    }
    assertArrayEquals(expected, Emulator.download(first, 37));
    cuMemsetD32(first, Float.floatToIntBits(-1f), 37);
    assertArrayEquals(new float[] {-1f, -1f, -1f}, Emulator.download(first.withByteOffset(4 * 34), 3));
    cuStreamDestroy(stream);
    cuMemFree(first);
    cuMemFree(second);
  }

  @Test
  void allocationsAreAccountedAndFreshMemoryIsNotZero() {
    long[] free = new long[1];
    long[] total = new long[1];
    cuMemGetInfo(free, total);
    long before = free[0];
    CUdeviceptr pointer = new CUdeviceptr();
    cuMemAlloc(pointer, 1 << 20);
    cuMemGetInfo(free, total);
    assertEquals(before - (1 << 20), free[0]);
    // A device, like a GPU, hands out memory with old contents; the emulator's are NaN.
    assertTrue(Float.isNaN(Emulator.download(pointer, 1)[0]), "fresh device memory should not read as zero");
    cuMemFree(pointer);
    cuMemGetInfo(free, total);
    assertEquals(before, free[0]);
  }

  @Test
  void badHandlesAndPointersGiveCudaErrors() {
    CUdeviceptr pointer = Emulator.upload(new float[4]);
    float[] host = new float[8];
    assertError("CUDA_ERROR_INVALID_VALUE", () -> cuMemcpyDtoH(Pointer.to(host), pointer, 8 * 4));
    assertError("CUDA_ERROR_INVALID_VALUE", () -> cuMemcpyHtoD(pointer.withByteOffset(8), Pointer.to(host), 4 * 4));
    assertError("CUDA_ERROR_INVALID_VALUE", () -> cuMemsetD32(pointer.withByteOffset(2), 0, 1));
    cuMemFree(pointer);
    assertError("CUDA_ERROR_INVALID_VALUE", () -> cuMemFree(pointer));

    CUstream stream = new CUstream();
    cuStreamCreate(stream, 0);
    cuStreamDestroy(stream);
    assertError("CUDA_ERROR_INVALID_HANDLE", () -> cuStreamSynchronize(stream));
    assertError("CUDA_ERROR_INVALID_IMAGE",
        () -> cuModuleLoadData(new CUmodule(), Emulator.terminated("//\n// Generated by NVIDIA NVVM Compiler\n.version 8.5\n")));
    String[] name = new String[1];
    cuGetErrorName(801, name);
    assertEquals("CUDA_ERROR_NOT_SUPPORTED", name[0]);
  }

  @Test
  void entryPointsOutsideTheEmulatorSayNotSupportedAndNameThemselves() throws Exception {
    CUcontext context = new CUcontext();
    cuCtxGetCurrent(context);
    assertEquals("hypercolumn CUDA emulator: cuCtxGetApiVersion is not supported\n", Emulator.unsupportedCallsLoggedBy(
        () -> assertError("CUDA_ERROR_NOT_SUPPORTED", () -> cuCtxGetApiVersion(context, new int[1]))));
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, "extern \"C\" __global__ void k() {}", "k.cu", 0, null, null);
    JNvrtc.nvrtcCompileProgram(program, 0, null);
    assertEquals("hypercolumn CUDA emulator: nvrtcGetCUBINSize is not supported\n", Emulator.unsupportedCallsLoggedBy(
        () -> assertError("NVRTC_ERROR_INTERNAL_ERROR", () -> JNvrtc.nvrtcGetCUBINSize(program, new long[1]))));
    JNvrtc.nvrtcDestroyProgram(program);
  }

  static void assertError(String code, Runnable call) {
    CudaException error = assertThrows(CudaException.class, call::run, "expected " + code);
    assertTrue(error.getMessage().contains(code), "expected " + code + ", found " + error.getMessage());
  }

  private static int indexOfZero(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return bytes.length;
  }
}
