package hypercolumn.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesNestedValues() throws Json.SyntaxException {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, true, null], \"b\\u00e9\\n\": {\"c\": \"x\\\"y\"}}  ");
    Map<?, ?> map = (Map<?, ?>) v;
    assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, null), map.get("a"));
    assertEquals(Map.of("c", "x\"y"), map.get("bé\n"));
  }

  @Test
  void quoteRoundTrips() throws Json.SyntaxException {
    String s = "a\"b\\c\n\u0001é";
    assertEquals(s, Json.parse(Json.quote(s)));
  }

  @Test
  void rejectsWhatRfc8259Rejects() {
    for (String bad : List.of("{\"a\":1,}", "[1 2]", "01", "{'a':1}", "[1.]", "\"a\nb\"", "{\"a\":1} x", "tru", "")) {
      Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().contains(" at character "), e.getMessage());
    }
  }
}
