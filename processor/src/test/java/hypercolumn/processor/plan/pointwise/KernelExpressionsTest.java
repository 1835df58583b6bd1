package hypercolumn.processor.plan.pointwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kernel needs the random generator exactly when one of its statements draws a uniform,
 * wherever in the expression the draw sits (so the generated code passes a key only then), and
 * expressions bind as C does, which decides the emitted parentheses. Expressions are built by
 * hand; the expected answers follow from where the test put the draw and from C's precedence.
 */
class KernelExpressionsTest {
  private static final Expr U = new Expr.Uniform();
  private static final Expr X = new Expr.Load("x");
  private static final Expr HALF = Expr.constant(0.5);

  private static KernelPlan kernel(Statement... statements) {
    return new KernelPlan("layer", "forward", 4, List.of(), List.of(), List.of(statements), "test");
  }

  private static boolean drawsInStore(Expr value) {
    return kernel(new Statement.Store("out", value)).usesRng();
  }

  @Test
  void aDrawAnywhereInAnExpressionNeedsTheGenerator() {
    assertTrue(drawsInStore(U));
    assertTrue(drawsInStore(Expr.add(X, U)));
    assertTrue(drawsInStore(Expr.multiply(U, X)));
    assertTrue(drawsInStore(Expr.atLeast(X, U)));
    assertTrue(drawsInStore(Expr.greater(U, X)));
    assertTrue(drawsInStore(Expr.select(Expr.atLeast(U, HALF), X, HALF)));
    assertTrue(drawsInStore(Expr.select(X, U, HALF)));
    assertTrue(drawsInStore(Expr.select(X, HALF, U)));
    assertTrue(drawsInStore(new Expr.Negate(U)));
    assertTrue(drawsInStore(new Expr.Call(Expr.Function.EXP, Expr.subtract(X, U))));
  }

  @Test
  void expressionsWithoutADrawDoNotNeedIt() {
    assertFalse(drawsInStore(X));
    assertFalse(drawsInStore(Expr.add(X, HALF)));
    assertFalse(drawsInStore(Expr.greater(X, HALF)));
    assertFalse(drawsInStore(Expr.select(Expr.atLeast(X, HALF), X, HALF)));
    assertFalse(drawsInStore(new Expr.Negate(X)));
    assertFalse(drawsInStore(new Expr.Call(Expr.Function.TANH, X)));
  }

  @Test
  void everyKindOfStatementIsSearched() {
    assertTrue(kernel(new Statement.Let("keep", Expr.atLeast(U, HALF)), new Statement.Store("out", X)).usesRng());
    assertTrue(kernel(new Statement.Let("v", X), new Statement.Assign("v", U)).usesRng());
    assertFalse(kernel(new Statement.Let("v", X), new Statement.Assign("v", HALF), new Statement.Store("out", X)).usesRng());
  }

  @Test
  void precedenceFollowsC() {
    assertEquals(1, Expr.select(X, X, X).precedence());
    assertEquals(2, Expr.greater(X, X).precedence());
    assertEquals(3, Expr.add(X, X).precedence());
    assertEquals(3, Expr.subtract(X, X).precedence());
    assertEquals(4, Expr.multiply(X, X).precedence());
    assertEquals(4, Expr.divide(X, X).precedence());
    assertEquals(5, new Expr.Negate(X).precedence());
    assertEquals(6, X.precedence());
    assertEquals(6, new Expr.Call(Expr.Function.EXPM1, X).precedence());
  }
}
