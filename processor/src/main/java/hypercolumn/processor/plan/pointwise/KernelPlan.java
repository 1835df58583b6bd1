package hypercolumn.processor.plan.pointwise;

import java.util.List;
import java.util.Set;

/**
 * One fused pointwise kernel: the statements run for every element of a {@code (rows,
 * columns)} block, in order, element by element. Each buffer is read and written through its
 * {@link View}; a kernel that computes indices names the parts of its column as {@link
 * #coordinates()}, for example {@code (ch, oh, ow)} for one cell of an NCHW output.
 *
 * @param layer the layer the kernel belongs to
 * @param pass {@code forward} or {@code backward}
 * @param buffers in launch order
 * @param scalars names of the float arguments, in launch order
 * @param description one line for a comment, for example {@code hidden: bias, relu}
 * @param coordinates the column split row-major into named integers whose sizes multiply to
 *     {@code columns}; empty where no index needs them
 */
public record KernelPlan(
    String layer,
    String pass,
    int columns,
    List<KernelBuffer> buffers,
    List<String> scalars,
    List<Statement> statements,
    String description,
    List<Coordinate> coordinates) {

  /** Names the emitters declare themselves (the row, the column, the flat element). */
  private static final Set<String> RESERVED = Set.of("r", "c", "i", "n", "row", "col", "rows", "rngKey");

  /** One part of an element's column, from 0 to {@code size - 1}. */
  public record Coordinate(String name, int size) {}

  public KernelPlan {
    buffers = List.copyOf(buffers);
    scalars = List.copyOf(scalars);
    statements = List.copyOf(statements);
    coordinates = List.copyOf(coordinates);
    long cells = 1;
    for (Coordinate coordinate : coordinates) {
      if (RESERVED.contains(coordinate.name())) {
        throw new IllegalArgumentException("Expected a coordinate name other than " + RESERVED + ", found " + coordinate.name());
      }
      cells *= coordinate.size();
    }
    if (!coordinates.isEmpty() && cells != columns) {
      throw new IllegalArgumentException("Expected coordinates covering the " + columns + " columns, found " + coordinates);
    }
    for (KernelBuffer buffer : buffers) {
      if (buffer.view() instanceof View.Channel channel && columns % (channel.channels() * channel.cellsPerChannel()) != 0) {
        throw new IllegalArgumentException("Expected " + columns + " columns to be whole channels of " + buffer.name()
            + ", found " + channel);
      }
    }
  }

  /** A kernel whose buffers need no coordinates: rows, columns, channels and strides. */
  public KernelPlan(String layer, String pass, int columns, List<KernelBuffer> buffers, List<String> scalars,
      List<Statement> statements, String description) {
    this(layer, pass, columns, buffers, scalars, statements, description, List.of());
  }

  /** The kernel's name on every device, for example {@code hidden1_forward_kernel}. */
  public String name() {
    return layer + "_" + pass + "_kernel";
  }

  /** Whether a statement draws from the generator, so the launch key matters. */
  public boolean usesRng() {
    return statements.stream().anyMatch(KernelPlan::drawsNumbers);
  }

  /** Whether a statement reads a per-column buffer, so the element's column is needed. */
  public boolean readsPerColumn() {
    return buffers.stream().anyMatch(KernelBuffer::perColumn);
  }

  /**
   * Whether an index reads the element's row {@code r}: a strided view, or {@link Index.Row} in
   * a computed view or an index statement. The CUDA emitter declares {@code r} only then, since
   * NVRTC warns of a variable never read.
   */
  public boolean readsRow() {
    return buffers.stream().anyMatch(b -> b.view() instanceof View.Strided
            || b.view() instanceof View.Computed computed && (mentionsRow(computed.index())
                || computed.guard().stream().anyMatch(KernelPlan::mentionsRow)))
        || statements.stream().anyMatch(KernelPlan::mentionsRow);
  }

  /**
   * Whether the element's column {@code c} is needed as an integer: coordinates to split it
   * into, or a channel or strided view. Kernels without them, or without {@link #readsRow()},
   * are emitted as they were before views existed.
   */
  public boolean readsColumn() {
    return !coordinates.isEmpty()
        || buffers.stream().anyMatch(b -> b.view() instanceof View.Channel || b.view() instanceof View.Strided);
  }

  /** The buffer named {@code name}. */
  public KernelBuffer buffer(String name) {
    return buffers.stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Expected a buffer of " + name() + ", found " + name));
  }

  private static boolean mentionsRow(Statement statement) {
    if (statement instanceof Statement.LetIndex let) {
      return mentionsRow(let.value());
    } else if (statement instanceof Statement.AssignIndex assign) {
      return mentionsRow(assign.value());
    } else if (statement instanceof Statement.StoreIndex store) {
      return mentionsRow(store.value());
    } else if (statement instanceof Statement.Loop loop) {
      return loop.body().stream().anyMatch(KernelPlan::mentionsRow);
    } else if (statement instanceof Statement.If branch) {
      return branch.condition() instanceof Expr.Test test && mentionsRow(test.condition())
          || branch.body().stream().anyMatch(KernelPlan::mentionsRow);
    }
    return false;
  }

  private static boolean mentionsRow(Condition condition) {
    if (condition instanceof Condition.InRange range) {
      return mentionsRow(range.value());
    } else if (condition instanceof Condition.Divisible divisible) {
      return mentionsRow(divisible.value());
    }
    Condition.Equal equal = (Condition.Equal) condition;
    return mentionsRow(equal.left()) || mentionsRow(equal.right());
  }

  private static boolean mentionsRow(Index index) {
    if (index instanceof Index.Row) {
      return true;
    }
    return index instanceof Index.Binary binary && (mentionsRow(binary.left()) || mentionsRow(binary.right()));
  }

  private static boolean drawsNumbers(Statement statement) {
    if (statement instanceof Statement.Let let) {
      return uses(let.value());
    } else if (statement instanceof Statement.Assign assign) {
      return uses(assign.value());
    } else if (statement instanceof Statement.Store store) {
      return uses(store.value());
    } else if (statement instanceof Statement.Loop loop) {
      return loop.body().stream().anyMatch(KernelPlan::drawsNumbers);
    } else if (statement instanceof Statement.If branch) {
      return uses(branch.condition()) || branch.body().stream().anyMatch(KernelPlan::drawsNumbers);
    }
    return false;
  }

  private static boolean uses(Expr expr) {
    if (expr instanceof Expr.Uniform) {
      return true;
    } else if (expr instanceof Expr.Binary b) {
      return uses(b.left()) || uses(b.right());
    } else if (expr instanceof Expr.Compare c) {
      return uses(c.left()) || uses(c.right());
    } else if (expr instanceof Expr.Select s) {
      return uses(s.condition()) || uses(s.ifTrue()) || uses(s.ifFalse());
    } else if (expr instanceof Expr.Negate n) {
      return uses(n.operand());
    } else if (expr instanceof Expr.Call c) {
      return uses(c.argument());
    }
    return false;
  }
}
