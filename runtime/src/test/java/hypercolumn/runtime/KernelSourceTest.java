package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A network's CUDA source is read from beside its class, or the error says where it looked. */
class KernelSourceTest {
  @Test
  void aMissingResourceNamesTheClassAndTheFile() {
    KernelSource source = new KernelSource(KernelSourceTest.class, "NoSuchNet.cu");
    IllegalStateException e = assertThrows(IllegalStateException.class, source::read);
    assertTrue(e.getMessage().startsWith("Expected the CUDA source NoSuchNet.cu beside "
        + KernelSourceTest.class.getName() + " on the class path, found nothing"), e.getMessage());
  }

  @Test
  void aPresentResourceIsReadWhole() {
    KernelSource source = new KernelSource(KernelSourceTest.class, "TinyNet.cu");
    assertEquals("// A network's kernels, as the processor writes them beside its class.\n"
        + "extern \"C\" __global__ void tiny_kernel(int n, float* x) {\n"
        + "  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)"
        + " x[i] += 1.0f;\n"
        + "}\n", source.read());
    assertEquals("TinyNet.cu", source.resource());
  }
}
