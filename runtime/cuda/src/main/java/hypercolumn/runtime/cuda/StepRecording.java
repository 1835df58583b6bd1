package hypercolumn.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.JCudaDriver;

/**
 * One repeated step of one key: how often it was seen, the calls its capture made (operation
 * names and argument values), its changing values (a host copy and the device slots the graph's
 * kernels read), and the instantiated CUDA graph.
 */
final class StepRecording {
  private final int key;
  private final List<String> operations = new ArrayList<>();
  private final List<Integer> callStarts = new ArrayList<>();
  private long[] values = new long[256];
  private int valueCount;
  private long[] slotValues = new long[0];
  private DevicePointer slots;
  private CUgraph graph;
  private CUgraphExec executable;
  private int repetitions;

  StepRecording(int key) {
    this.key = key;
  }

  int key() {
    return key;
  }

  /** Counts one more repetition and returns how many there were, this one included. */
  int repeat() {
    return ++repetitions;
  }

  boolean captured() {
    return executable != null;
  }

  /** Makes room for the {@code count} changing values the warm-up used. */
  void allocateSlots(int count) {
    slotValues = new long[count];
    slots = count == 0 ? null : DevicePointer.allocate(8L * count);
  }

  int slotCount() {
    return slotValues.length;
  }

  DevicePointer slot(int index) {
    return slots.withByteOffset(8L * index);
  }

  void setSlot(int index, long value) {
    slotValues[index] = value;
  }

  /** Queues the upload of this repetition's changing values and then the graph. */
  void launch(PinnedUploads uploads, jcuda.driver.CUstream stream) {
    if (slotValues.length > 0) {
      uploads.uploadLongs(slotValues, slotValues.length, slots);
    }
    JCudaDriver.cuGraphLaunch(executable, stream);
  }

  void instantiate(CUgraph captured) {
    graph = captured;
    executable = new CUgraphExec();
    JCudaDriver.cuGraphInstantiate(executable, graph, 0);
  }

  void addCall(String operation, int start) {
    operations.add(operation);
    callStarts.add(start);
  }

  void addValue(long value) {
    values = StepRecorder.grow(values, valueCount + 1);
    values[valueCount++] = value;
  }

  int calls() {
    return operations.size();
  }

  String operation(int call) {
    return operations.get(call);
  }

  int callStart(int call) {
    return callStarts.get(call);
  }

  long value(int position) {
    if (position >= valueCount) {
      throw new IllegalStateException(describe() + ": the replayed step passes more arguments than recorded");
    }
    return values[position];
  }

  String describe() {
    return "repeated step " + key;
  }

  void close() {
    if (executable != null) {
      JCudaDriver.cuGraphExecDestroy(executable);
      JCudaDriver.cuGraphDestroy(graph);
      executable = null;
    }
    if (slots != null) {
      JCudaDriver.cuMemFree(slots);
      slots = null;
    }
  }
}
