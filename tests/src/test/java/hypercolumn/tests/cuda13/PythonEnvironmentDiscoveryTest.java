package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.cuda.RealLibrariesProbe;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA device finds NVIDIA's libraries where {@code pip install torch} leaves them, in the
 * active Python environment's site-packages, with no CUDA toolkit and no path given: a virtual
 * environment made here holds the real CUDA 13 wheels' {@code nvidia/} tree, and the child JVM
 * is started as from a shell where it is active ({@code python3} first on the PATH) or named by
 * {@code VIRTUAL_ENV}. The oracle is where this test put the files.
 */
class PythonEnvironmentDiscoveryTest {
  @TempDir
  Path directory;
  private Path venv;
  private Path sitePackages;

  @BeforeEach
  void makeAVirtualEnvironmentWithTheWheels() throws Exception {
    Path wheels = RealCudaWheels.sitePackages();
    Process python = new ProcessBuilder("python3", "-m", "venv", "--without-pip", directory.resolve("venv").toString())
        .inheritIO().start();
    assertTrue(python.waitFor(120, TimeUnit.SECONDS) && python.exitValue() == 0, "python3 -m venv failed");
    venv = directory.resolve("venv").toRealPath();
    try (Stream<Path> versions = Files.list(venv.resolve("lib"))) {
      sitePackages = versions.findFirst().orElseThrow().resolve("site-packages");
    }
    Files.createSymbolicLink(sitePackages.resolve("nvidia"), wheels.resolve("nvidia"));
  }

  /**
   * Deletes the links out of JUnit's directory before JUnit does, which warns about each: the
   * wheels' tree and the environment's interpreter ({@code bin/python3}). Files.walk follows no
   * link, so nothing outside is touched.
   */
  @AfterEach
  void unlinkTheWheelsAndTheInterpreter() throws Exception {
    List<Path> links;
    try (Stream<Path> files = Files.walk(directory)) {
      links = files.filter(Files::isSymbolicLink).collect(Collectors.toList());
    }
    for (Path link : links) {
      Files.delete(link);
    }
  }

  @Test
  void theWheelsOfThePythonFirstOnThePathAreFound() throws Exception {
    String path = venv.resolve("bin") + File.pathSeparator + System.getenv("PATH");
    check(ChildJvm.run(RealLibrariesProbe.class, directory, properties(), Map.of("PATH", path), "status"));
  }

  @Test
  void theWheelsOfTheEnvironmentNamedByVirtualEnvAreFound() throws Exception {
    check(ChildJvm.run(RealLibrariesProbe.class, directory, properties(),
        Map.of("VIRTUAL_ENV", venv.toString()), "status"));
  }

  /** Only the emulator's driver is named; NVRTC and cuBLAS must come from the environment. */
  private Map<String, String> properties() throws Exception {
    return Map.of("hypercolumn.cuda.path", RealCudaWheels.driver(directory).toString());
  }

  private void check(ChildJvm.Result run) {
    assertEquals(0, run.exitCode(), run.output());
    String details = run.value("details");
    assumeTrue(!details.contains("libnvrtc.so.12 /") && !details.contains("libcublas.so.12 /"),
        "a CUDA 12 toolkit on this machine is found before any Python environment: " + details);
    Path libraries = sitePackages.resolve("nvidia/cu13/lib");
    assertTrue(details.contains("libnvrtc.so.13 " + libraries.resolve("libnvrtc.so.13")
        + " through the bundled libnvrtc.so.12 forwarder"), details);
    assertTrue(details.contains("libcublas.so.13 " + libraries.resolve("libcublas.so.13")
        + " through the bundled libcublas.so.12 forwarder"), details);
    System.out.println("Found in a Python environment: " + details);
  }
}
