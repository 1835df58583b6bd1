package hypercolumn.runtime.cuda.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.ChildClassPath;
import hypercolumn.runtime.cuda.ExternalTools;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the forwarding tests need from outside the JVM: the forwarders from the class path, the
 * fake CUDA 13 libraries compiled with gcc, the binutils, and a child JVM to load them in (a
 * native library cannot be unloaded, so the test JVM itself stays clean).
 */
final class ForwardingFixture {

    /** Where the build puts the forwarders inside the runtime jar. */
    static final String FORWARDER_RESOURCES = "/hypercolumn/runtime/cuda/linux-x86_64/";

    private ForwardingFixture() {
    }

    /** Skips the test unless this is linux-x86_64 with gcc and the binutils. */
    static void assumeToolchain() {
        assumeTrue(System.getProperty("os.name").equals("Linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "the forwarding libraries exist for linux-x86_64 only");
        for (String tool : List.of("gcc", "nm", "readelf")) {
            assumeTrue(ExternalTools.onPath(tool) != null, tool + " is not installed; the forwarding tests need it");
        }
    }

    /** Copies the forwarder {@code soname} out of the class path, as the runtime will. */
    static Path forwarder(String soname, Path dir) throws IOException {
        return extract(FORWARDER_RESOURCES + soname, dir.resolve(soname),
                "the build did not produce it (see runtime/src/main/c/forward/build.sh)");
    }

    /** Copies JCuda's JNI library {@code baseName} (e.g. "JCublas2") out of its natives jar. */
    static Path jcudaNative(String baseName, Path dir) throws IOException {
        String file = "lib" + baseName + "-" + jcuda.JCudaVersion.get() + "-linux-x86_64.so";
        return extract("/lib/" + file, dir.resolve(file), "is the JCuda natives jar missing?");
    }

    private static Path extract(String resource, Path target, String hint) throws IOException {
        try (InputStream in = ForwardingFixture.class.getResourceAsStream(resource)) {
            assertNotNull(in, "expected " + resource + " on the class path: " + hint);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * Compiles the fake {@code lib<name>.so.13} (soname and version node as NVIDIA's) from the
     * test resource fake_<name>13.c into {@code dir}.
     */
    static Path fakeCuda13(String name, Path dir) throws IOException, InterruptedException {
        String soname = "lib" + name + ".so.13";
        Path source = extract("fake_" + name + "13.c", dir.resolve("fake_" + name + "13.c"),
                "a test resource of this package");
        Path versionScript = dir.resolve(name + "13.map");
        Files.writeString(versionScript, soname + " {\n  global: *;\n};\n");
        Path library = dir.resolve(soname);
        run(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-Wl,-soname," + soname,
                "-Wl,--version-script=" + versionScript, "-o", library.toString(),
                source.toString()));
        return library;
    }

    /**
     * Compiles a {@code lib<name>.so.13} with NVIDIA's soname and version node that exports no
     * function of the library: every forwarded call to it is unresolved.
     */
    static Path emptyCuda13(String name, Path dir) throws IOException, InterruptedException {
        String soname = "lib" + name + ".so.13";
        Path source = dir.resolve("empty_" + name + "13.c");
        Files.writeString(source, "int hypercolumn_nothing_here(void) { return 0; }\n");
        Path versionScript = dir.resolve("empty_" + name + "13.map");
        Files.writeString(versionScript, soname + " {\n  global: *;\n};\n");
        Path library = dir.resolve(soname);
        run(List.of("gcc", "-shared", "-fPIC", "-Wl,-soname," + soname,
                "-Wl,--version-script=" + versionScript, "-o", library.toString(),
                source.toString()));
        return library;
    }

    /** Runs a tool, asserting it succeeds; returns what it printed. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    /**
     * This JVM's class path, plus where the probe and JCuda's classes and natives come from:
     * a launcher such as the JUnit console loads the tests with its own class loader, so they
     * are not on java.class.path.
     */
    private static String childClassPath() {
        return String.join(File.pathSeparator, ChildClassPath.entries(List.of(
                ChildClassPath.locationOf(ForwardingProbe.class),
                ChildClassPath.locationOf(jcuda.Pointer.class),
                ChildClassPath.locationOf(jcuda.jcublas.JCublas2.class),
                ChildClassPath.nativesJar("JCublas2", jcuda.JCudaVersion.get()),
                ChildClassPath.nativesJar("JNvrtc", jcuda.JCudaVersion.get()))));
    }


    /** What a {@link ForwardingProbe} run printed, and the calls the fake libraries logged. */
    record ProbeRun(int exitCode, Map<String, String> results, String stderr, List<String> calls) {
        String result(String key) {
            assertEquals(0, exitCode, () -> "the probe failed:\n" + stderr);
            String value = results.get(key);
            assertNotNull(value, () -> "the probe printed no " + key + "; it printed " + results
                    + "\nstderr:\n" + stderr);
            return value;
        }
    }

    /**
     * Starts {@link ForwardingProbe} in a child JVM with the test class path; it loads
     * {@code libraries} in order, then runs {@code mode}. LD_LIBRARY_PATH is cleared, so only
     * the libraries loaded here (or in the loader cache) can be found by soname.
     */
    static ProbeRun probe(Path dir, String mode, Path... libraries)
            throws IOException, InterruptedException {
        Path log = dir.resolve(mode + "-calls.log");
        Path stderr = dir.resolve(mode + "-stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, // where JCuda unpacks its JNI libraries
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), // a crash report stays here
                "-cp", childClassPath(),
                ForwardingProbe.class.getName(), mode));
        for (Path library : libraries) {
            command.add(library.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().remove("LD_LIBRARY_PATH");
        builder.environment().put("FAKE_CUDA_LOG", log.toString());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish in 60 s");
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                results.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new ProbeRun(process.exitValue(), results, Files.readString(stderr), calls);
    }
}
