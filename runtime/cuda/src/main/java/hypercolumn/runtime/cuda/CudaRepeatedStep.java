package hypercolumn.runtime.cuda;

import hypercolumn.runtime.RepeatedStep;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUgraph;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA device's repeated steps: the first repetition of a key runs as called (a warm-up that
 * compiles kernels and counts the changing values), the second is captured into a CUDA graph and
 * launched, and every later one replays that graph after one upload of its changing values.
 */
final class CudaRepeatedStep implements RepeatedStep {
  private final CudaDevice device;
  private final StepRecorder recorder;
  private final PinnedUploads uploads;
  private final CUstream stream;
  private final Map<Integer, StepRecording> recordings = new HashMap<>();
  private StepRecording open;

  CudaRepeatedStep(CudaDevice device, StepRecorder recorder, PinnedUploads uploads, CUstream stream) {
    this.device = device;
    this.recorder = recorder;
    this.uploads = uploads;
    this.stream = stream;
  }

  @Override
  public void begin(int key) {
    device.bindContext();
    if (recorder.inStep()) {
      throw new IllegalStateException("begin(" + key + ") while another repeated step has not ended");
    }
    StepRecording recording = recordings.get(key);
    if (recording == null) {
      recording = new StepRecording(key);
      recordings.put(key, recording);
    }
    int repetition = recording.repeat();
    open = recording;
    if (recording.captured()) {
      recorder.start(StepRecorder.Mode.REPLAY, recording);
    } else if (repetition == 1) {
      recorder.start(StepRecorder.Mode.RUN, recording);
    } else {
      JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
      recorder.start(StepRecorder.Mode.CAPTURE, recording);
    }
  }

  @Override
  public void end() {
    StepRecording recording = requireOpen();
    switch (recorder.mode()) {
      case RUN -> recording.allocateSlots(recorder.slotsUsed());
      case CAPTURE -> {
        CUgraph graph = new CUgraph();
        JCudaDriver.cuStreamEndCapture(stream, graph);
        recording.instantiate(graph);
        recording.launch(uploads, stream);
        device.countCapture();
      }
      case REPLAY -> {
        recorder.checkComplete();
        recording.launch(uploads, stream);
        device.countReplay();
      }
    }
    recorder.stop();
    open = null;
  }

  @Override
  public void abandon() {
    if (open == null) {
      return;
    }
    device.bindContext();
    if (recorder.mode() == StepRecorder.Mode.CAPTURE) {
      CUgraph discarded = new CUgraph();
      try {
        JCudaDriver.cuStreamEndCapture(stream, discarded);
        JCudaDriver.cuGraphDestroy(discarded);
      } catch (RuntimeException invalidated) {
        // A capture broken by the failed call has no graph to free.
      }
    }
    // Start this key over: its next repetition warms up again.
    recordings.remove(open.key()).close();
    recorder.stop();
    open = null;
  }

  @Override
  public void close() {
    abandon();
    for (StepRecording recording : recordings.values()) {
      recording.close();
    }
    recordings.clear();
    device.forget(this);
  }

  private StepRecording requireOpen() {
    if (open == null) {
      throw new IllegalStateException("end() without begin()");
    }
    return open;
  }
}
