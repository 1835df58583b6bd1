package hypercolumn.runtime.cuda.forward;

import java.lang.reflect.Field;
import jcuda.Pointer;
import sun.misc.Unsafe;

/**
 * Native host memory behind a JCuda {@link Pointer} with a raw address. JCublas2 passes the
 * matrix arguments on as device addresses (only alpha and beta may be Java arrays), so the
 * fake CUDA 13 library, which computes on the host, needs real addresses. Test code only.
 */
final class HostMemory extends Pointer implements AutoCloseable {

    private static final Unsafe UNSAFE = unsafe();

    private final long address;
    private final int floats;

    private HostMemory(long address, int floats) {
        super(address);
        this.address = address;
        this.floats = floats;
    }

    /** A copy of {@code values} in native memory. */
    static HostMemory of(float[] values) {
        HostMemory memory = new HostMemory(UNSAFE.allocateMemory(Math.max(1, values.length) * 4L),
                values.length);
        for (int i = 0; i < values.length; i++) {
            UNSAFE.putFloat(memory.address + i * 4L, values[i]);
        }
        return memory;
    }

    float[] read() {
        float[] values = new float[floats];
        for (int i = 0; i < floats; i++) {
            values[i] = UNSAFE.getFloat(address + i * 4L);
        }
        return values;
    }

    @Override
    public void close() {
        UNSAFE.freeMemory(address);
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach sun.misc.Unsafe for host memory", e);
        }
    }
}
