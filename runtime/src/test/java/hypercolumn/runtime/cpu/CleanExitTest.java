package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ChildClassPath;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CPU device's threads never keep a JVM alive. Each case runs in a child JVM that uses a
 * device and returns from {@code main} without closing it; the oracle for the product it computes
 * is a plain triple loop in double written here.
 */
class CleanExitTest {
  private static final int SIZE = 192;

  /** Run in the child JVM: {@code leave-open} or {@code interrupt-like-exec-java}. */
  public static void main(String[] args) throws InterruptedException {
    Device device = new CpuDevice(4);
    checkProduct(device);
    if (args[0].equals("interrupt-like-exec-java")) {
      // What Maven's exec:java does once main returns: interrupt every thread the program
      // started, then join each one for up to 15 s.
      List<Thread> runtimeThreads = new ArrayList<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().startsWith("hypercolumn-")) {
          runtimeThreads.add(thread);
          thread.interrupt();
        }
      }
      int alive = 0;
      for (Thread thread : runtimeThreads) {
        thread.join(5_000);
        alive += thread.isAlive() ? 1 : 0;
      }
      System.out.println("interrupted " + runtimeThreads.size() + ", alive " + alive);
      // Without its workers the device still computes, on the calling thread.
      checkProduct(device);
    }
    System.out.println("returning without close");
  }

  private static void checkProduct(Device device) {
    float[] a = new float[SIZE * SIZE];
    float[] b = new float[SIZE * SIZE];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i * 7 % 13 - 6) / 8f;
      b[i] = (i * 5 % 11 - 5) / 4f;
    }
    Tensor ta = device.allocate(a.length);
    Tensor tb = device.allocate(b.length);
    Tensor tc = device.allocate(a.length);
    device.upload(a, 0, ta, 0, a.length);
    device.upload(b, 0, tb, 0, b.length);
    device.gemm(false, false, SIZE, SIZE, SIZE, 1f, ta, 0, SIZE, tb, 0, SIZE, 0f, tc, 0, SIZE);
    float[] c = new float[a.length];
    device.download(tc, 0, c, 0, c.length);
    float[] reference = new float[c.length];
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        double sum = 0;
        for (int p = 0; p < SIZE; p++) {
          sum += (double) a[i * SIZE + p] * b[p * SIZE + j];
        }
        reference[i * SIZE + j] = (float) sum;
      }
    }
    Tolerance.assertWithin("C = A B", reference, c, 1e-5);
  }

  private static String runChild(String mode, String... jvmOptions) throws Exception {
    String classPath = String.join(File.pathSeparator, ChildClassPath.entries(List.of(
        ChildClassPath.locationOf(CleanExitTest.class),
        ChildClassPath.locationOf(CpuDevice.class),
        ChildClassPath.locationOf(org.junit.jupiter.api.Assertions.class),
        ChildClassPath.locationOf(org.opentest4j.AssertionFailedError.class))));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", classPath, CleanExitTest.class.getName(), mode));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = child.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly();
    }
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(exited, "the child JVM was still alive 90 s after start: " + output);
    assertEquals(0, child.exitValue(), output);
    return output;
  }

  @Test
  void aJvmEndsWhenMainReturnsWithoutClosingTheDevice() throws Exception {
    String output = runChild("leave-open");
    assertTrue(output.contains("returning without close"), output);
  }

  @Test
  void aJvmEndsWhenMainReturnsWithoutClosingTheVectorDevice() throws Exception {
    String output = runChild("leave-open", "--add-modules", "jdk.incubator.vector");
    assertTrue(output.contains("returning without close"), output);
  }

  @Test
  void workersEndWhenInterruptedAsExecJavaDoesAndTheDeviceStillComputes() throws Exception {
    String output = runChild("interrupt-like-exec-java");
    assertTrue(output.contains("interrupted 3, alive 0"), output);
    assertTrue(output.contains("returning without close"), output);
  }
}
