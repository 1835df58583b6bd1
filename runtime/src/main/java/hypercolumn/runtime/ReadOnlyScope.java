package hypercolumn.runtime;

/**
 * A span of calls during which one tensor is only read, opened by {@link Device#readOnly}. A
 * device may then keep the tensor in the layouts its products read and reuse them from call to
 * call: the CPU device packs a layer's weights for its GEMM once per scope instead of once per
 * product, which is most of the cost of inference outside the arithmetic. Prediction and
 * evaluation open one over the parameters:
 *
 * <pre>{@code
 * try (ReadOnlyScope scope = device.readOnly(model.parameterBuffer())) {
 *   for (...) { model.setInput(...); model.forward(n, false, 0L); model.readOutput(...); }
 * }
 * }</pre>
 */
public interface ReadOnlyScope extends AutoCloseable {

  /** A scope that changes nothing, for devices that keep no copies. */
  ReadOnlyScope NONE = () -> {};

  /** Ends the scope and drops what the device kept of the tensor; the tensor is writable again. */
  @Override
  void close();
}
