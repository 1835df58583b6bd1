package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ChildClassPath;
import hypercolumn.runtime.Devices;
import hypercolumn.runtime.cuda.CudaDevice;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The runtime artifact carries no CUDA: its built jar (or, before packaging, its classes folder)
 * has no class of {@code hypercolumn.runtime.cuda} and its pom no JCuda dependency, while the
 * CUDA artifact has both the device and the service file that lets {@link Devices} find it. And
 * a JVM whose class path is this module's without the CUDA artifact and JCuda chooses the CPU
 * and says what to add. Read from the built files and a real child JVM; the expected contents
 * and wording are written here.
 */
class RuntimeArtifactTest {
  /** Run in the child JVM: prints the choice. */
  public static void main(String[] args) {
    Devices.Choice choice = Devices.choose();
    System.out.println(choice.device().describe().split(",")[0] + "|" + choice.reason());
    choice.device().close();
  }

  @Test
  void theRuntimeHasNoCudaClassAndTheCudaArtifactHasTheDeviceAndItsServiceFile() throws IOException {
    List<String> runtime = entries(ChildClassPath.locationOf(Devices.class).getPath());
    assertTrue(runtime.contains("hypercolumn/runtime/Devices.class"), "the runtime's entries were not read");
    assertEquals(List.of(), runtime.stream().filter(e -> e.startsWith("hypercolumn/runtime/cuda")).toList());
    assertFalse(runtime.contains("META-INF/services/hypercolumn.runtime.DeviceProvider"));

    List<String> cuda = entries(ChildClassPath.locationOf(CudaDevice.class).getPath());
    assertTrue(cuda.contains("hypercolumn/runtime/cuda/CudaDevice.class"), cuda.toString());
    assertTrue(cuda.contains("hypercolumn/runtime/cuda/runtime_kernels.cu"), cuda.toString());
    assertTrue(cuda.contains("META-INF/services/hypercolumn.runtime.DeviceProvider"), cuda.toString());
    assertEquals(List.of(), cuda.stream().filter(e -> e.startsWith("hypercolumn/runtime/cpu/")).toList());
  }

  @Test
  void theRuntimePomHasNoJCudaDependencyAndTheCudaPomHasJCuda() throws Exception {
    List<String> runtime = dependencies(pom(ChildClassPath.locationOf(Devices.class).getPath(), "hypercolumn-runtime"));
    assertTrue(runtime.contains("dev.hypercolumn:hypercolumn-annotations"), runtime.toString());
    assertEquals(List.of(), runtime.stream().filter(d -> d.startsWith("org.jcuda:")).toList());

    List<String> cuda = dependencies(pom(ChildClassPath.locationOf(CudaDevice.class).getPath(), "hypercolumn-runtime-cuda"));
    assertTrue(cuda.contains("dev.hypercolumn:hypercolumn-runtime"), cuda.toString());
    assertTrue(cuda.contains("org.jcuda:jcuda") && cuda.contains("org.jcuda:jcublas")
        && cuda.contains("org.jcuda:jcudnn"), cuda.toString());
  }

  @Test
  void aClassPathWithoutTheCudaArtifactChoosesTheCpuAndSaysWhatToAdd() throws Exception {
    String cudaArtifact = Path.of(ChildClassPath.locationOf(CudaDevice.class).toURI()).toString();
    List<String> kept = ChildClassPath.entries(List.of(
            ChildClassPath.locationOf(RuntimeArtifactTest.class),
            ChildClassPath.locationOf(Devices.class))).stream()
        .filter(entry -> !entry.equals(cudaArtifact) && !entry.contains("jcuda") && !entry.contains("jcublas"))
        .toList();
    assertTrue(ChildClassPath.entries(List.of(ChildClassPath.locationOf(CudaDevice.class))).contains(cudaArtifact),
        "the CUDA artifact is on this JVM's class path, so leaving it out is a change");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, kept), RuntimeArtifactTest.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, child.exitValue(), output);
    assertEquals("CPU|CPU: dev.hypercolumn:hypercolumn-runtime-cuda is not on the class path; add the"
        + " dependency dev.hypercolumn:hypercolumn-runtime-cuda (same version as"
        + " hypercolumn-runtime) to train on an NVIDIA GPU", output);
  }

  /** The entries of a jar, or the files of a classes folder with the same relative names. */
  private static List<String> entries(String location) throws IOException {
    Path path = Path.of(location);
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        return files.filter(Files::isRegularFile)
            .map(f -> path.relativize(f).toString().replace(File.separatorChar, '/')).toList();
      }
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      return jar.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
  }

  /** The pom inside a built jar, or the module's pom beside a classes folder (target/classes). */
  private static byte[] pom(String location, String artifactId) throws IOException {
    Path path = Path.of(location);
    if (Files.isDirectory(path)) {
      return Files.readAllBytes(path.getParent().getParent().resolve("pom.xml"));
    }
    try (JarFile jar = new JarFile(path.toFile());
        InputStream in = jar.getInputStream(jar.getEntry(
            "META-INF/maven/dev.hypercolumn/" + artifactId + "/pom.xml"))) {
      return in.readAllBytes();
    }
  }

  /** groupId:artifactId of each dependency the pom declares. */
  private static List<String> dependencies(byte[] pom) throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(pom)).getDocumentElement();
    List<String> found = new ArrayList<>();
    NodeList dependencies = project.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      found.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
    }
    return found;
  }

  private static String text(Element element, String tag) {
    return element.getElementsByTagName(tag).item(0).getTextContent().trim();
  }
}
