package hypercolumn.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.processor.emit.cuda.CudaRng;
import hypercolumn.runtime.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator the CUDA kernels carry returns, bit for bit, what {@link Rng#uniform} returns:
 * its exact text, compiled by the host C++ compiler with {@code __device__} defined away, prints
 * the bits of its floats for keys and indices chosen to reach the sign bit and both ends of
 * the range. Without g++ the test is skipped.
 */
class CudaRngTest {
  @TempDir Path directory;

  @Test
  void deviceGeneratorMatchesJavaBitForBit() throws Exception {
    Optional<Path> gxx = ExternalTool.onPath("g++");
    assumeTrue(gxx.isPresent(), "g++ is not on the PATH: the CUDA generator was not compared with Java's");
    long[] keys = {0L, 1L, -1L, Long.MIN_VALUE, Rng.key(42, 3, 0), Rng.key(7, 1, 123456789)};
    long[] indices = {0L, 1L, 2L, 255L, 1L << 31, (1L << 40) + 17, Long.MAX_VALUE, -1L};
    StringBuilder program = new StringBuilder("#include <cstdio>\n#include <cstring>\n#define __device__\n")
        .append(CudaRng.SOURCE)
        .append("int main() {\n  static const unsigned long long keys[] = {");
    appendAll(program, keys);
    program.append("};\n  static const unsigned long long indices[] = {");
    appendAll(program, indices);
    program.append("};\n")
        .append("  for (int k = 0; k < ").append(keys.length).append("; k++) {\n")
        .append("    for (int i = 0; i < ").append(indices.length).append("; i++) {\n")
        .append("      float u = rng_uniform(keys[k], indices[i]);\n")
        .append("      unsigned int bits;\n      memcpy(&bits, &u, sizeof bits);\n")
        .append("      printf(\"%08x\\n\", bits);\n    }\n  }\n  return 0;\n}\n");
    Path source = directory.resolve("rng.cpp");
    Files.writeString(source, program);
    ExternalTool.Result compiled = ExternalTool.run(directory, gxx.get().toString(), "-O2", "-Wall", "-Werror",
        "-o", "rng", source.toString());
    assertEquals(0, compiled.exitCode(), "g++ failed:\n" + compiled.output() + "\n--- source:\n" + program);
    ExternalTool.Result ran = ExternalTool.run(directory, directory.resolve("rng").toString());
    assertEquals(0, ran.exitCode(), ran.output());

    List<String> expected = new ArrayList<>();
    for (long key : keys) {
      for (long index : indices) {
        expected.add(String.format("%08x", Float.floatToRawIntBits(Rng.uniform(key, index))));
      }
    }
    List<String> actual = ran.output().lines().toList();
    for (int n = 0; n < expected.size(); n++) {
      assertEquals(expected.get(n), n < actual.size() ? actual.get(n) : "(missing)",
          "uniform(key " + keys[n / indices.length] + ", index " + indices[n % indices.length] + ")");
    }
    assertEquals(expected.size(), actual.size(), "lines printed by the C++ generator");
  }

  private static void appendAll(StringBuilder out, long[] values) {
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(values[i])).append("ULL");
    }
  }
}
