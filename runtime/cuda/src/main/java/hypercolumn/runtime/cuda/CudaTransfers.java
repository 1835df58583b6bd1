package hypercolumn.runtime.cuda;

import static hypercolumn.runtime.TensorChecks.checkRange;

import hypercolumn.runtime.Tensor;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * The memory seam of the CUDA device: tensors carved from a few driver allocations, uploads
 * staged in page-locked memory and queued without waiting, downloads that wait for the stream,
 * and device-to-device copies and fills, which a repeated step records like any other call.
 */
final class CudaTransfers {
  private final CudaDevice device;
  private final CudaContext context;
  private final CudaArguments arguments;
  private final StepRecorder recorder;
  private final DeviceMemory memory = new DeviceMemory();
  private final OverlappedUploads batches;

  CudaTransfers(CudaDevice device, CudaContext context, CudaArguments arguments, StepRecorder recorder) {
    this.device = device;
    this.context = context;
    this.arguments = arguments;
    this.recorder = recorder;
    this.batches = new OverlappedUploads(context.stream());
  }

  /** How many driver allocations hold the tensors. */
  int slabs() {
    return memory.slabCount();
  }

  CudaTensor allocate(int size) {
    device.checkOpen();
    if (size < 0) {
      throw new IllegalArgumentException("tensor size must be >= 0, found " + size);
    }
    device.checkNotInStep("allocate");
    context.bind();
    DevicePointer pointer = memory.allocate(4L * size);
    if (size > 0) {
      JCudaDriver.cuMemsetD32Async(pointer, 0, size, context.stream());
    }
    return new CudaTensor(device, pointer, size);
  }

  void upload(float[] source, int sourceOffset, Tensor target, int targetOffset, int count) {
    checkRange(source.length, sourceOffset, count, "source");
    CudaTensor t = arguments.tensor(target, "target");
    checkRange(t.size(), targetOffset, count, "target");
    device.checkNotInStep("upload");
    if (count == 0) {
      return;
    }
    context.bind();
    batches.upload(source, sourceOffset, t.at(targetOffset), count);
  }

  void download(Tensor source, int sourceOffset, float[] target, int targetOffset, int count) {
    CudaTensor s = arguments.tensor(source, "source");
    checkRange(s.size(), sourceOffset, count, "source");
    checkRange(target.length, targetOffset, count, "target");
    device.checkNotInStep("download");
    if (count == 0) {
      return;
    }
    context.bind();
    context.synchronize();
    JCudaDriver.cuMemcpyDtoH(Pointer.to(target).withByteOffset(4L * targetOffset), s.at(sourceOffset), 4L * count);
  }

  void copy(Tensor source, int sourceOffset, Tensor target, int targetOffset, int count) {
    CudaTensor s = arguments.tensor(source, "source");
    CudaTensor t = arguments.tensor(target, "target");
    checkRange(s.size(), sourceOffset, count, "source");
    checkRange(t.size(), targetOffset, count, "target");
    if (count == 0) {
      return;
    }
    context.bind();
    DevicePointer from = s.at(sourceOffset);
    DevicePointer to = t.at(targetOffset);
    recorder.call("copy");
    recorder.value(from.address());
    recorder.value(to.address());
    recorder.value(count);
    if (recorder.queues()) {
      JCudaDriver.cuMemcpyDtoDAsync(to, from, 4L * count, context.stream());
    }
  }

  void fill(Tensor target, int offset, int count, float value) {
    CudaTensor t = arguments.tensor(target, "target");
    checkRange(t.size(), offset, count, "target");
    if (count == 0) {
      return;
    }
    context.bind();
    DevicePointer to = t.at(offset);
    recorder.call("fill");
    recorder.value(to.address());
    recorder.value(count);
    recorder.value(Float.floatToRawIntBits(value));
    if (recorder.queues()) {
      JCudaDriver.cuMemsetD32Async(to, Float.floatToRawIntBits(value), count, context.stream());
    }
  }

  /** Frees the staging buffers and every tensor's memory; the stream has finished. */
  void close() {
    batches.close();
    memory.close();
  }
}
