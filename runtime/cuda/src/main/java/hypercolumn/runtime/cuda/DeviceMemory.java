package hypercolumn.runtime.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The device's memory: tensors are carved from a few large allocations and live until the
 * device closes (the {@code Device} contract frees nothing earlier). A network's parameters,
 * gradients, optimizer state and activation arena thus usually share one {@code cuMemAlloc},
 * and allocating a tensor costs no driver call once the slab has room.
 */
final class DeviceMemory {
  /** Each tensor starts on this boundary, what cuBLAS and vector loads like best. */
  static final long ALIGNMENT = 256;

  private static final long SLAB_BYTES = 64L << 20;

  private final List<CUdeviceptr> slabs = new ArrayList<>();
  private CUdeviceptr current;
  private long used;
  private long capacity;

  /** {@code bytes} of device memory, aligned to {@link #ALIGNMENT}. */
  DevicePointer allocate(long bytes) {
    long size = Math.max(ALIGNMENT, (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    if (current == null || used + size > capacity) {
      current = new CUdeviceptr();
      capacity = Math.max(SLAB_BYTES, size);
      JCudaDriver.cuMemAlloc(current, capacity);
      slabs.add(current);
      used = 0;
    }
    DevicePointer pointer = new DevicePointer(current, used);
    used += size;
    return pointer;
  }

  /** How many driver allocations back the tensors so far. */
  int slabCount() {
    return slabs.size();
  }

  void close() {
    for (CUdeviceptr slab : slabs) {
      JCudaDriver.cuMemFree(slab);
    }
    slabs.clear();
    current = null;
  }
}
