package hypercolumn.runtime.cuda;

import java.util.Arrays;

/**
 * What the CUDA device does with each call that queues work. Outside a repeated step, and while
 * one warms up, the call runs. While a step is captured into a CUDA graph, the call is queued into
 * the capture and its arguments are recorded. While the graph is replayed, the call is checked
 * against the recording and queues nothing.
 *
 * <p>Values that change from one repetition to the next (random keys, learning rates, Adam's
 * step) are not kernel arguments but 8-byte slots in device memory that kernels read. A running
 * call uploads its value to a slot just before its launch; a captured or replayed step collects
 * its values and uploads them all before the graph starts.
 */
final class StepRecorder {
  enum Mode {
    RUN,
    CAPTURE,
    REPLAY
  }

  private final PinnedUploads uploads;
  /** Slot 0 holds zero for kernels that read no value; slot 1 takes a running call's value. */
  private final DevicePointer fixedSlots;
  private Mode mode = Mode.RUN;
  private StepRecording recording;
  private int calls;
  private int position;
  private int slotsUsed;

  StepRecorder(PinnedUploads uploads) {
    this.uploads = uploads;
    this.fixedSlots = DevicePointer.allocate(16);
    uploads.uploadLong(0L, fixedSlots);
  }

  /** Starts the calls of {@code recording} in {@code mode}; RUN is a warm-up whose slots are counted. */
  void start(Mode mode, StepRecording recording) {
    this.mode = mode;
    this.recording = recording;
    this.calls = 0;
    this.position = 0;
    this.slotsUsed = 0;
  }

  /** Ends the step's calls and returns to running every call. */
  void stop() {
    mode = Mode.RUN;
    recording = null;
  }

  Mode mode() {
    return mode;
  }

  /** Whether a step is between begin and end. */
  boolean inStep() {
    return recording != null;
  }

  /** Calls made since {@link #start}. */
  int calls() {
    return calls;
  }

  /** Slots used since {@link #start}. */
  int slotsUsed() {
    return slotsUsed;
  }

  /** Whether the call being described must be queued (it is not a replay). */
  boolean queues() {
    return mode != Mode.REPLAY;
  }

  /** Starts describing a call named {@code operation}. */
  void call(String operation) {
    calls++;
    if (mode == Mode.CAPTURE) {
      recording.addCall(operation, position);
    } else if (mode == Mode.REPLAY) {
      if (calls > recording.calls()) {
        throw new IllegalStateException(recording.describe() + ": the replayed step makes more calls than the "
            + recording.calls() + " recorded; call " + calls + " is " + operation);
      }
      String recorded = recording.operation(calls - 1);
      if (!recorded.equals(operation)) {
        throw mismatch(operation, "the call (recorded: " + recorded + ")");
      }
    }
  }

  /** One argument of the call being described. */
  void value(long value) {
    if (mode == Mode.CAPTURE) {
      recording.addValue(value);
    } else if (mode == Mode.REPLAY) {
      long recorded = recording.value(position);
      if (recorded != value) {
        throw mismatch(recording.operation(calls - 1), "argument " + (position - recording.callStart(calls - 1))
            + " (recorded " + recorded + ", now " + value + ")");
      }
    }
    position++;
  }

  /** Every argument of a kernel launch. */
  void values(KernelArguments arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      value(arguments.raw(i));
    }
  }

  /**
   * The device address from which a kernel reads {@code value}: zero's fixed slot, a running
   * call's slot with the value uploaded before the launch, or the step's next slot.
   */
  DevicePointer slot(long value) {
    if (mode == Mode.RUN) {
      slotsUsed++;
      if (value == 0L) {
        return fixedSlots;
      }
      DevicePointer slot = fixedSlots.withByteOffset(8);
      uploads.uploadLong(value, slot);
      return slot;
    }
    if (slotsUsed == recording.slotCount()) {
      throw new IllegalStateException(recording.describe() + ": the step asks for more changing values than the "
          + recording.slotCount() + " its warm-up did");
    }
    recording.setSlot(slotsUsed, value);
    return recording.slot(slotsUsed++);
  }

  /** Two floats as one slot value: {@code first} at the lower address. */
  static long pack(float first, float second) {
    return (Float.floatToRawIntBits(first) & 0xffffffffL) | ((long) Float.floatToRawIntBits(second) << 32);
  }

  /** Throws unless the replay made exactly the recorded calls. */
  void checkComplete() {
    if (mode == Mode.REPLAY && calls != recording.calls()) {
      throw new IllegalStateException(recording.describe() + ": the replayed step made " + calls
          + " calls, the recording has " + recording.calls());
    }
  }

  private IllegalStateException mismatch(String operation, String what) {
    return new IllegalStateException(recording.describe() + ": call " + calls + " (" + operation + ") differs from "
        + "the recorded step in " + what + "; a repeated step must make the same calls on the same tensors");
  }

  void close() {
    jcuda.driver.JCudaDriver.cuMemFree(fixedSlots);
  }

  /** Grows {@code array} to hold at least {@code needed} elements. */
  static long[] grow(long[] array, int needed) {
    return needed <= array.length ? array : Arrays.copyOf(array, Math.max(needed, 2 * array.length));
  }
}
