package hypercolumn.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * First-fit placement of buffers by lifetime: buffers live at the same step never share
 * floats, lifetimes are inclusive at both ends, a dead buffer's floats are reused, and
 * buffers of different arenas never compete. Each expected offset is worked out by hand from the rule in the
 * class comment (in order of first step, the lowest offset free of the buffers live with it).
 */
class ArenaAllocatorTest {
  private static int offset(Map<String, Buffer> placed, String name) {
    return placed.get(name).offset();
  }

  @Test
  void buffersWithDisjointLifetimesShareTheirFloats() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("a", 4, 0, 1);
    arena.request("b", 6, 2, 3);
    Map<String, Buffer> placed = arena.place();
    assertEquals(0, offset(placed, "a"));
    assertEquals(0, offset(placed, "b"));
    assertEquals(new Buffer("b", 6, 0), placed.get("b"));
  }

  @Test
  void lifetimesIncludeBothEndsSoBuffersMeetingAtAStepDoNotOverlap() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("a", 2, 0, 2);
    arena.request("b", 3, 2, 4);
    arena.request("c", 5, 5, 5); // a and b are dead by step 5
    Map<String, Buffer> placed = arena.place();
    assertEquals(0, offset(placed, "a"));
    assertEquals(2, offset(placed, "b"));
    assertEquals(0, offset(placed, "c"));
  }

  @Test
  void aLaterBufferTakesTheLowestGapLeftByADeadOne() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("a", 4, 0, 10); // [0, 4)
    arena.request("b", 3, 0, 2); //  [4, 7), dead after step 2
    arena.request("c", 2, 0, 10); // [7, 9): 0 and 4 are taken at step 0
    arena.request("d", 3, 3, 5); //  [4, 7): b's floats, between a and c
    arena.request("e", 4, 3, 5); //  [9, 13): the gap before 4 is too small, 7 is c's
    Map<String, Buffer> placed = arena.place();
    assertEquals(List.of(0, 4, 7, 4, 9), List.of(offset(placed, "a"), offset(placed, "b"),
        offset(placed, "c"), offset(placed, "d"), offset(placed, "e")));
  }

  @Test
  void buffersArePlacedInOrderOfFirstStepAndListedInRequestOrder() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("late", 2, 4, 6);
    arena.request("early", 3, 0, 5);
    arena.request("also-early", 1, 0, 5);
    Map<String, Buffer> placed = arena.place();
    assertEquals(List.of("late", "early", "also-early"), List.copyOf(placed.keySet()));
    // early first (at 0), also-early next (same first step, requested later), then late.
    assertEquals(0, offset(placed, "early"));
    assertEquals(3, offset(placed, "also-early"));
    assertEquals(4, offset(placed, "late"));
  }

  @Test
  void buffersOfDifferentArenasLiveTogetherWithoutCompeting() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("activations", 4, 0, 5);
    arena.request("statistics", 3, 0, 5, Buffer.Kind.PER_CHANNEL);
    arena.request("argmax", 2, 1, 5, Buffer.Kind.INDICES);
    arena.request("more", 2, 1, 5);
    Map<String, Buffer> placed = arena.place();
    // Each arena starts at 0; only the two per-sample buffers compete.
    assertEquals(new Buffer("activations", 4, 0, Buffer.Kind.PER_SAMPLE), placed.get("activations"));
    assertEquals(new Buffer("statistics", 3, 0, Buffer.Kind.PER_CHANNEL), placed.get("statistics"));
    assertEquals(new Buffer("argmax", 2, 0, Buffer.Kind.INDICES), placed.get("argmax"));
    assertEquals(4, offset(placed, "more"));
  }

  @Test
  void scratchSharesThePerSampleArenaButNotItsStep() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("a", 4, 0, 2);
    arena.request("scratch", 3, 2, 2, Buffer.Kind.BATCH_SCRATCH);
    arena.request("b", 5, 3, 4);
    Map<String, Buffer> placed = arena.place();
    assertEquals(4, offset(placed, "scratch")); // a is live at step 2
    assertEquals(0, offset(placed, "b")); // both are dead by step 3
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> arena.request("long", 2, 1, 2, Buffer.Kind.BATCH_SCRATCH));
    assertEquals("Expected scratch buffer long to live in one step, found steps 1 to 2", e.getMessage());
  }

  @Test
  void theLowestFreeOffsetWinsEvenWhenALaterBufferSitsLower() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("p", 2, 0, 9); // [0, 2)
    arena.request("q", 2, 0, 1); // [2, 4), dead after step 1
    arena.request("r", 2, 0, 9); // [4, 6)
    arena.request("s", 1, 2, 9); // [2, 3): q's floats, placed after r but below it
    arena.request("t", 1, 3, 9); // [3, 4): the end of s, found among r's end (6) and s's (3)
    Map<String, Buffer> placed = arena.place();
    assertEquals(List.of(0, 2, 4, 2, 3), List.of(offset(placed, "p"), offset(placed, "q"),
        offset(placed, "r"), offset(placed, "s"), offset(placed, "t")));
  }

  @Test
  void aOneStepBufferAtTheFirstStepOfAnotherIsLiveWithIt() {
    ArenaAllocator arena = new ArenaAllocator();
    arena.request("a", 2, 3, 5);
    arena.request("b", 1, 3, 3); // placed after a (same first step), live at a's first step
    Map<String, Buffer> placed = arena.place();
    assertEquals(0, offset(placed, "a"));
    assertEquals(2, offset(placed, "b"));
  }
}
