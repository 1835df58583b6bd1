package hypercolumn.processor.emit.java;

import hypercolumn.processor.plan.pointwise.Index;
import hypercolumn.processor.plan.pointwise.IndexText;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.View;

/**
 * A kernel buffer's element at the current element, in the Java loop of {@link JavaKernelBody}:
 * the buffer's array at its offset plus the view's index, where {@code r} is the row, {@code c}
 * the column and {@code row} is {@code r * columns}. A guarded read is a {@code ?:}, not {@code
 * FusedKernel.select}, so a padded cell never indexes the array. An index buffer's floats are
 * read and written as an {@code int}'s bits.
 */
final class JavaViews {
  private final KernelPlan kernel;

  JavaViews(KernelPlan kernel) {
    this.kernel = kernel;
  }

  /** The element of {@code bufferName} as an assignable array access. */
  String element(String bufferName) {
    KernelBuffer buffer = kernel.buffer(bufferName);
    return bufferName + "[" + bufferName + "Offset + " + index(buffer.view()) + "]";
  }

  /** The float the element reads, or the view's padding where its guard fails. */
  String read(String bufferName) {
    KernelBuffer buffer = kernel.buffer(bufferName);
    String value = element(bufferName);
    if (buffer.element() == KernelBuffer.Element.INDEX) {
      throw new IllegalArgumentException("Expected a float buffer, found the index buffer " + bufferName + " of " + kernel.name());
    }
    return guarded(buffer, value, JavaKernelBody.constant(padding(buffer)));
  }

  /** The integer an index buffer holds at the element, or the view's padding where its guard fails. */
  String indexElement(String bufferName) {
    KernelBuffer buffer = kernel.buffer(bufferName);
    String value = "Float.floatToRawIntBits(" + element(bufferName) + ")";
    return guarded(buffer, value, Integer.toString((int) padding(buffer)));
  }

  String index(Index index) {
    return IndexText.of(index, this::indexElement);
  }

  private String guarded(KernelBuffer buffer, String value, String padding) {
    if (buffer.view() instanceof View.Computed computed && !computed.guard().isEmpty()) {
      return "(" + IndexText.of(computed.guard(), this::indexElement) + " ? " + value + " : " + padding + ")";
    }
    return value;
  }

  private static float padding(KernelBuffer buffer) {
    return buffer.view() instanceof View.Computed computed ? computed.padding() : 0f;
  }

  private String index(View view) {
    if (view instanceof View.Row) {
      return "row + c";
    } else if (view instanceof View.Column) {
      return "c";
    } else if (view instanceof View.Channel channel) {
      return "c / " + channel.cellsPerChannel() + " % " + channel.channels();
    } else if (view instanceof View.Strided strided) {
      return "r * " + strided.rowStride() + (strided.offset() == 0 ? "" : " + " + strided.offset()) + " + c";
    }
    return index(((View.Computed) view).index());
  }
}
