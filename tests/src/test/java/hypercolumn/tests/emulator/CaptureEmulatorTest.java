package hypercolumn.tests.emulator;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;
import static jcuda.driver.JCudaDriver.cuStreamIsCapturing;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.testing.Tolerance;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstreamCaptureStatus;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stream capture: work on a capturing stream is recorded, not run, and each graph launch replays it. */
@Tag("emulator")
class CaptureEmulatorTest {
  @BeforeEach
  void loadEmulator() {
    Emulator.load();
  }

  @Test
  void capturedLaunchAndGemmRunOncePerGraphLaunchAndNotDuringCapture() {
    CUfunction saxpy = new CUfunction();
    cuModuleGetFunction(saxpy, Emulator.compile(NvrtcEmulatorTest.SAXPY, "saxpy.cu"), "saxpy");
    int n = 10, m = 3, k = 4;
    float[] x = Emulator.random(n, 1), y = Emulator.random(n, 2);
    float[] a = Emulator.random(m * k, 3), b = Emulator.random(k * m, 4), c = Emulator.random(m * m, 5);
    CUdeviceptr dx = Emulator.upload(x), dy = Emulator.upload(y), da = Emulator.upload(a), db = Emulator.upload(b),
        dc = Emulator.upload(c), scratch = new CUdeviceptr();
    cuMemAlloc(scratch, 4 * 4);
    CUstream stream = new CUstream();
    cuStreamCreate(stream, 0);
    cublasHandle handle = new cublasHandle();
    JCublas2.cublasCreate(handle);
    JCublas2.cublasSetStream(handle, new cudaStream_t(stream));

    cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
    int[] status = new int[1];
    cuStreamIsCapturing(stream, status);
    assertEquals(CUstreamCaptureStatus.CU_STREAM_CAPTURE_STATUS_ACTIVE, status[0]);
    int[] count = {n};
    cuLaunchKernel(saxpy, 2, 1, 1, 4, 1, 1, 0, stream,
        Pointer.to(Pointer.to(count), Pointer.to(new float[] {2f}), Pointer.to(dx), Pointer.to(dy)), null);
    count[0] = 1;  // the launch captured the value 10
    JCublas2.cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, m, m, k, Pointer.to(new float[] {1f}), da, m, db, k,
        Pointer.to(new float[] {1f}), dc, m);
    cuMemsetD32Async(scratch, Float.floatToIntBits(7f), 4, stream);
    CUgraph graph = new CUgraph();
    cuStreamEndCapture(stream, graph);
    assertArrayEquals(y, Emulator.download(dy, n), "the captured kernel ran during capture");
    assertArrayEquals(c, Emulator.download(dc, m * m), "the captured gemm ran during capture");

    CUgraphExec exec = new CUgraphExec();
    cuGraphInstantiate(exec, graph, 0);
    cuGraphLaunch(exec, stream);
    cuGraphLaunch(exec, stream);
    cuStreamSynchronize(stream);

    float[] expectedY = new float[n];
    for (int i = 0; i < n; i++) {
      expectedY[i] = y[i] + 2f * x[i] + 2f * x[i];
    }
    Tolerance.assertWithin("y after two replays of y += 2x", expectedY, Emulator.download(dy, n), 1e-6);
    float[] expectedC = c.clone();
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < m; i++) {
        double sum = 0;
        for (int l = 0; l < k; l++) {
          sum += a[i + l * m] * b[l + j * k];
        }
        expectedC[i + j * m] = (float) (c[i + j * m] + 2 * sum);
      }
    }
    Tolerance.assertWithin("C after two replays of C += AB", expectedC, Emulator.download(dc, m * m), 1e-6);
    assertArrayEquals(new float[] {7f, 7f, 7f, 7f}, Emulator.download(scratch, 4));

    cuGraphExecDestroy(exec);
    cuGraphDestroy(graph);
    JCublas2.cublasDestroy(handle);
    cuStreamDestroy(stream);
  }

  @Test
  void synchronizingACapturingStreamInvalidatesTheCapture() {
    CUstream stream = new CUstream();
    cuStreamCreate(stream, 0);
    cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
    DriverEmulatorTest.assertError("CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED", () -> cuStreamSynchronize(stream));
    int[] status = new int[1];
    cuStreamIsCapturing(stream, status);
    assertEquals(CUstreamCaptureStatus.CU_STREAM_CAPTURE_STATUS_INVALIDATED, status[0]);
    DriverEmulatorTest.assertError("CUDA_ERROR_STREAM_CAPTURE_INVALIDATED", () -> cuStreamEndCapture(stream, new CUgraph()));
    cuStreamDestroy(stream);
  }
}
