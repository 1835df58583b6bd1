package hypercolumn.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edges of the safetensors header parser: whitespace where RFC 8259 allows it, the end of
 * the text in the middle of a value, the nesting limit, and the character positions errors
 * report. The oracle is the RFC's grammar, with expected values and positions counted by hand.
 */
class JsonEdgeCasesTest {
  private static Json.SyntaxException rejected(String text) {
    return assertThrows(Json.SyntaxException.class, () -> Json.parse(text), text);
  }

  @Test
  void emptyObjectAndArrayParseWithOrWithoutInnerSpace() throws Json.SyntaxException {
    assertEquals(Map.of(), Json.parse("{}"));
    assertEquals(Map.of(), Json.parse("{ \t\n}"));
    assertEquals(List.of(), Json.parse("[]"));
    assertEquals(List.of(), Json.parse("[\r ]"));
    // The class promises file order, so objects are LinkedHashMaps, the empty one too.
    assertInstanceOf(LinkedHashMap.class, Json.parse("{}"));
  }

  @Test
  void whitespaceMayStandAroundColonsAndCommas() throws Json.SyntaxException {
    Map<?, ?> map = (Map<?, ?>) Json.parse("{ \"a\" : [ 1 , 2 ] , \"b\"\n:\ttrue }");
    assertEquals(List.of(new BigDecimal("1"), new BigDecimal("2")), map.get("a"));
    assertEquals(Boolean.TRUE, map.get("b"));
  }

  @Test
  void aNumberMayEndTheText() throws Json.SyntaxException {
    assertEquals(new BigDecimal("7"), Json.parse("7"));
    assertEquals(new BigDecimal("-0.25"), Json.parse("-0.25"));
    assertEquals(new BigDecimal("1e+5"), Json.parse("1e+5"));
    assertEquals(new BigDecimal("2E-3"), Json.parse("2E-3"));
  }

  @Test
  void sixtyFiveLevelsOfNestingParseAndSixtySixAreRefused() throws Json.SyntaxException {
    assertEquals(65, depth(Json.parse("[".repeat(65) + "]".repeat(65))));
    String objects65 = "{\"a\":".repeat(64) + "{}" + "}".repeat(64);
    assertInstanceOf(Map.class, Json.parse(objects65));

    Json.SyntaxException arrays = rejected("[".repeat(66) + "]".repeat(66));
    assertTrue(arrays.getMessage().startsWith("nesting deeper than 64 levels at character 65"),
        arrays.getMessage());
    Json.SyntaxException objects = rejected("{\"a\":".repeat(65) + "{}" + "}".repeat(65));
    assertTrue(objects.getMessage().startsWith("nesting deeper than 64 levels"),
        objects.getMessage());
  }

  private static int depth(Object value) {
    int depth = 0;
    while (value instanceof List<?> list) {
      depth++;
      value = list.isEmpty() ? null : list.get(0);
    }
    return depth;
  }

  @Test
  void spacesInsideStringsAreKeptAndControlCharactersRefusedWhereTheyStand() {
    assertEquals("a b", assertParses("\"a b\""));
    Json.SyntaxException e = rejected("\"a\nb\"");
    assertEquals(2, e.position());
    assertTrue(e.getMessage().startsWith("control character in string"), e.getMessage());
  }

  private static Object assertParses(String text) {
    try {
      return Json.parse(text);
    } catch (Json.SyntaxException e) {
      throw new AssertionError(text + " should parse: " + e.getMessage(), e);
    }
  }

  @Test
  void theEndOfTheTextInsideAStringIsASyntaxError() {
    assertTrue(rejected("\"abc").getMessage().startsWith("unterminated string at character 4"));
    assertTrue(rejected("\"a\\").getMessage().startsWith("unterminated escape at character 3"));
    assertTrue(rejected("\"\\u00").getMessage().startsWith("expected 4 hex digits after \\u"));
    // Four hex digits that end the text are a complete escape; only the quote is missing.
    assertTrue(rejected("\"\\u0041").getMessage().startsWith("unterminated string at character 7"));
    assertEquals("A", assertParses("\"\\u0041\""));
  }

  @Test
  void anInvalidEscapeIsReportedAtItsLetter() {
    Json.SyntaxException e = rejected("\"ab\\x\"");
    assertEquals(4, e.position());
    assertTrue(e.getMessage().startsWith("invalid escape \\x at character 4"), e.getMessage());
  }

  @Test
  void aMissingCommaIsReportedAtTheTokenThatFollows() {
    assertEquals(3, rejected("[1 2]").position());
    assertEquals(8, rejected("{\"a\": 1 \"b\": 2}").position());
  }

  @Test
  void theEndOfTheTextIsNamedInTheError() {
    for (String truncated : List.of("[1,", "[1", "{\"a\":1", "{\"a\"")) {
      Json.SyntaxException e = rejected(truncated);
      assertEquals(truncated.length(), e.position(), truncated);
      assertTrue(e.getMessage().endsWith("found the end of the header"), e.getMessage());
    }
  }

  @Test
  void quoteEscapesExactlyTheCharactersBelowSpace() {
    assertEquals("\" ~\"", Json.quote(" ~"));
    assertEquals("\"\\u001f\\u0000\"", Json.quote("\u001f\u0000"));
    assertEquals("\"\\\"\\\\\\n\\r\\t\"", Json.quote("\"\\\n\r\t"));
  }
}
