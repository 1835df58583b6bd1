package hypercolumn.processor.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places buffers in the per-sample arena from their lifetimes. Each request is live over an
 * inclusive range of steps; two requests may share floats only if their ranges are disjoint.
 * Requests are placed in order of their first step, each at the lowest offset that does not
 * overlap a placed request live at the same time (first fit). That is not always optimal, but
 * on a chain of layers it reuses the space of dead gradients, which is where the saving is.
 */
final class ArenaAllocator {
  private record Request(String name, int width, int first, int last, int order) {}

  private final List<Request> requests = new ArrayList<>();

  /** Asks for a buffer live from step {@code first} to step {@code last}, both included. */
  void request(String name, int width, int first, int last) {
    requests.add(new Request(name, width, first, last, requests.size()));
  }

  /** Keeps a requested buffer live until at least {@code step}. */
  void extend(String name, int step) {
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (r.name.equals(name)) {
        requests.set(i, new Request(r.name, r.width, r.first, Math.max(r.last, step), r.order));
        return;
      }
    }
    throw new IllegalArgumentException("No buffer named " + name);
  }

  /** The placed buffers by name, in request order. */
  Map<String, Buffer> place() {
    List<Request> byStart = new ArrayList<>(requests);
    byStart.sort(Comparator.comparingInt(Request::first).thenComparingInt(Request::order));
    Map<Request, Integer> offsets = new LinkedHashMap<>();
    for (Request request : byStart) {
      List<Request> rivals =
          offsets.keySet().stream().filter(p -> p.first <= request.last && request.first <= p.last).toList();
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
      placed.put(request.name, new Buffer(request.name, request.width, offsets.get(request)));
    }
    return placed;
  }
}
