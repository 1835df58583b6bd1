package hypercolumn.runtime;

/**
 * A pointwise kernel generated for one network: a run of element-wise operations (bias,
 * activation, dropout, their gradients) fused into one pass over a {@code rows x columns} block.
 * The processor emits each kernel twice from the same description: the Java body below for
 * the CPU, and CUDA C named {@link #name()} for the GPU.
 *
 * <p>A kernel touches row {@code r} only while processing row {@code r}, so a device may split
 * the rows among threads.
 *
 * <h2>The CUDA launch ABI</h2>
 *
 * The CUDA C of a generated class {@code FooNet} is the resource {@code FooNet.cu} beside its
 * class file (the class names it in its constant {@code CUDA_SOURCE_RESOURCE}). Each kernel is
 *
 * <pre>
 * extern "C" __global__ void name(int rows, float* buffer0, ..., float scalar0, ...,
 *                                 const unsigned long long* rngKeyAt)
 * </pre>
 *
 * with the arguments of {@link Device#launch}, in its order:
 *
 * <ul>
 *   <li>{@code rows}: the launch's {@code rows} (the batch); the kernel covers rows {@code [0,
 *       rows)}, so a device that splits rows advances the pointers instead.
 *   <li>One pointer per tensor of {@code tensors}, in that order, already advanced on the host
 *       to the element {@code offsets[k]}, so the kernel takes no offsets: the device pointer of
 *       {@code tensors[k]} plus {@code offsets[k] * 4} bytes. A buffer the kernel only reads is
 *       declared {@code const float*}. A buffer of integer indices (a max pooling's argmax) is
 *       declared {@code int*}: its float tensor holds each {@code int}'s 32 bits. Two arguments may be the same buffer only where the
 *       generated code passes the same tensor and offset; pointers are not {@code __restrict__}.
 *   <li>One {@code float} per element of {@code scalars}, in order (a forward dropout takes
 *       {@code rate, scale}); none when {@code scalars} is empty.
 *   <li>{@code rngKeyAt}, always last and always present: the device address of the launch's
 *       {@code rngKey}, the same 64 bits as the Java {@code long}. The key is read from device
 *       memory, not passed by value, so that a recorded launch (a CUDA graph, see {@link
 *       RepeatedStep}) reads the key of each replay. Kernels that draw no numbers do not read it.
 * </ul>
 *
 * Any grid works: each thread walks the {@code rows * columns()} elements with a grid-stride
 * loop over {@code long long i}, element {@code i} being row {@code i / columns()}, column
 * {@code i % columns()}. A device may therefore launch, say, 256 threads a block and {@code
 * min(ceil(rows * columns / 256), some multiple of the SM count)} blocks, with no shared memory
 * and no stream order beyond the launch's own. Element {@code i}'s random number is {@code
 * Rng.uniform(rngKey, i)}, computed bit for bit as in Java, so a dropout mask is the same on
 * both devices. The other float math uses CUDA's {@code expf}, {@code expm1f} and {@code
 * tanhf}, which may differ from the host's in the last bits.
 */
public abstract class FusedKernel {
  private final String name;
  private final int columns;
  private final KernelSource source;

  /**
   * A kernel that runs on the host only (a GPU device rejects it).
   *
   * @param name the kernel's name, for messages
   * @param columns elements per row
   */
  protected FusedKernel(String name, int columns) {
    this(name, columns, null);
  }

  /**
   * A kernel that runs on every device.
   *
   * @param name the name of the CUDA C function in {@code source}
   * @param columns elements per row
   * @param source where the kernel's CUDA C is; null for a kernel that runs on the host only
   */
  protected FusedKernel(String name, int columns, KernelSource source) {
    this.name = name;
    this.columns = columns;
    this.source = source;
  }

  /** {@return where the kernel's CUDA C is, or null for a kernel that runs on the host only} */
  public final KernelSource source() {
    return source;
  }

  /** {@return the CUDA kernel's name, for example {@code hidden_forward_kernel}} */
  public final String name() {
    return name;
  }

  /** {@return the number of elements per row; a device uses it to decide how to split the work} */
  public final int columns() {
    return columns;
  }

  /**
   * Runs rows {@code [fromRow, toRow)} on the host.
   *
   * @param fromRow the first row to run, from 0
   * @param toRow one past the last row to run, at most the launch's {@code rows}
   * @param tensors the kernel's buffers, in the order the generated code passes them
   * @param offsets element offset of each buffer's first row, same order
   * @param scalars float arguments such as a dropout rate
   * @param rngKey the counter-based generator's key for this launch (see {@link Rng#key})
   */
  public abstract void runOnHost(
      int fromRow, int toRow, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey);

  /**
   * {@code condition ? ifTrue : ifFalse}, bit for bit, without a branch on the condition. C2
   * compiles a float {@code ?:} to a conditional jump, which data such as ReLU's inputs or a
   * dropout mask mispredict about half the time; an int {@code ?:} becomes a conditional move.
   * {@code SelectBenchmark} in the benchmarks module times both on fresh and on repeated data.
   * Generated kernels call it for every select; both operands are evaluated.
   *
   * @param condition which operand to return
   * @param ifTrue the result where {@code condition} holds
   * @param ifFalse the result where it does not
   * @return {@code ifTrue} or {@code ifFalse}, with every bit (NaN payloads, the sign of zero)
   *     kept
   */
  public static float select(boolean condition, float ifTrue, float ifFalse) {
    int mask = condition ? -1 : 0;
    return Float.intBitsToFloat(
        (Float.floatToRawIntBits(ifTrue) & mask) | (Float.floatToRawIntBits(ifFalse) & ~mask));
  }
}
