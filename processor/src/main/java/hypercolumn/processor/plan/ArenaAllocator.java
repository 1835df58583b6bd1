package hypercolumn.processor.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places buffers in their arenas from their lifetimes. Each request is live over an inclusive
 * range of steps; two requests may share space only if they live in the same arena (see {@link
 * Buffer.Kind#arena()}) and their ranges are disjoint; requests in different arenas never
 * meet. Requests are placed in order of their first step, each at the lowest offset that does
 * not overlap a placed request of its arena live at the same time (first fit). That is not
 * always optimal, but on a chain of layers it reuses the space of dead gradients, which is
 * where the saving is.
 */
final class ArenaAllocator {
  private record Request(String name, int width, int first, int last, Buffer.Kind kind, int order) {}

  private final List<Request> requests = new ArrayList<>();

  /** Asks for a per-sample buffer live from step {@code first} to step {@code last}, both included. */
  void request(String name, int width, int first, int last) {
    request(name, width, first, last, Buffer.Kind.PER_SAMPLE);
  }

  /**
   * Asks for a buffer of a kind live from step {@code first} to step {@code last}, both included.
   *
   * @throws IllegalArgumentException for batch scratch that outlives its step
   */
  void request(String name, int width, int first, int last, Buffer.Kind kind) {
    if (kind == Buffer.Kind.BATCH_SCRATCH && first != last) {
      throw new IllegalArgumentException(
          "Expected scratch buffer " + name + " to live in one step, found steps " + first + " to " + last);
    }
    requests.add(new Request(name, width, first, last, kind, requests.size()));
  }

  /** The placed buffers by name, in request order. */
  Map<String, Buffer> place() {
    List<Request> byStart = new ArrayList<>(requests);
    byStart.sort(Comparator.comparingInt(Request::first).thenComparingInt(Request::order));
    Map<Request, Integer> offsets = new LinkedHashMap<>();
    for (Request request : byStart) {
      List<Request> rivals = offsets.keySet().stream()
          .filter(p -> p.kind.arena() == request.kind.arena() && p.first <= request.last && request.first <= p.last)
          .toList();
      List<Integer> candidates = new ArrayList<>(List.of(0));
      rivals.forEach(r -> candidates.add(offsets.get(r) + r.width));
      candidates.sort(null);
      for (int candidate : candidates) {
        boolean free =
            rivals.stream()
                .allMatch(r -> candidate + request.width <= offsets.get(r) || offsets.get(r) + r.width <= candidate);
        if (free) {
          offsets.put(request, candidate);
          break;
        }
      }
    }
    Map<String, Buffer> placed = new LinkedHashMap<>();
    for (Request request : requests) {
      placed.put(request.name, new Buffer(request.name, request.width, offsets.get(request), request.kind));
    }
    return placed;
  }
}
