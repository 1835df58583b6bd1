package hypercolumn.processor.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out each arena buffer's lifetime from the ops that touch it, and places the buffers
 * with the {@link ArenaAllocator}.
 *
 * <p>The timeline has a step per block and pass: 0 is {@code setInput}/{@code setLabels}, block
 * {@code k} of {@code n} runs forward at step {@code k + 1}, the loss at {@code n + 1}, and
 * block {@code k} runs backward at {@code 2n + 1 - k}. A buffer lives from the first step that
 * touches it to the last; a buffer a block saves for backward lives at least until that
 * block's backward; the input, the labels and the network's output live to the end, so {@code
 * readOutput} and {@code loss} stay valid after backward and forward can run again on the
 * same input.
 */
final class Lifetimes {
  private final Map<String, int[]> spans = new LinkedHashMap<>();

  private Lifetimes() {}

  /**
   * @param requests every arena buffer, in the order the allocator should consider them when
   *     two start at the same step
   */
  static Map<String, Buffer> place(List<BufferRequest> requests, List<LoweredBlock> blocks, LossStep loss, String input) {
    Lifetimes lifetimes = new Lifetimes();
    int n = blocks.size();
    int lastStep = 2 * n + 1;
    lifetimes.touch(0, input, loss.labels());
    for (int k = 0; k < n; k++) {
      LoweredBlock block = blocks.get(k);
      int forwardStep = k + 1;
      int backwardStep = 2 * n + 1 - k;
      block.forward().forEach(op -> lifetimes.touch(forwardStep, op));
      block.backward().forEach(op -> lifetimes.touch(backwardStep, op));
      block.saved().forEach(name -> lifetimes.touch(backwardStep, name));
    }
    lifetimes.touch(n + 1, loss.output(), loss.labels(), loss.gradient());
    lifetimes.touch(lastStep, input, loss.labels(), loss.output());

    ArenaAllocator arena = new ArenaAllocator();
    for (BufferRequest request : requests) {
      int[] span = lifetimes.spans.get(request.name());
      if (span == null) {
        throw new IllegalStateException("Expected an op to touch buffer " + request.name() + ", found none");
      }
      arena.request(request.name(), request.width(), span[0], span[1], request.kind());
    }
    return arena.place();
  }

  private void touch(int step, Op op) {
    touch(step, op.arenaBuffers().toArray(String[]::new));
  }

  private void touch(int step, String... buffers) {
    for (String buffer : buffers) {
      if (buffer != null) {
        spans.merge(buffer, new int[] {step, step},
            (old, now) -> new int[] {Math.min(old[0], step), Math.max(old[1], step)});
      }
    }
  }
}
