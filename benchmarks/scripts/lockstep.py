#!/usr/bin/python3
"""Runs two or more benchmarks side by side, one timed unit at a time.

  lockstep.py LABEL_A "COMMAND A" LABEL_B "COMMAND B" [LABEL_C "COMMAND C" ...]

Each command (run by bash) is a benchmark started with --lockstep: before each epoch and each
inference pass it prints "lockstep: ready" and waits for a line on its standard input. This
script lets them go in turn, A then B (then C...), so only one of them runs at any moment and a
burst of load from other processes, which on shared machines comes and goes within seconds,
falls on every side alike instead of on whichever ran at the time. When all are done it prints
each one's last line of output as "LABEL|line", and exits non-zero if any failed.
"""
import subprocess
import sys
import threading
import time

READY = "lockstep: ready"
# Before letting a side go, a pause for the other's threads to stop spinning and sleep.
SETTLE_SECONDS = 0.05


class Side:
    def __init__(self, label, command):
        self.label = label
        self.lines = []
        self.process = subprocess.Popen(
            ["bash", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1)
        # Standard error is passed on, without the JVM's notice about incubator modules.
        self.errors = threading.Thread(target=self._pass_errors, daemon=True)
        self.errors.start()

    def _pass_errors(self):
        for line in self.process.stderr:
            if not line.startswith("WARNING: Using incubator modules"):
                sys.stderr.write(line)

    def run_to_next_turn(self):
        """Reads output until the side is ready again (True) or has ended (False)."""
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if line == READY:
                return True
            self.lines.append(line)
        return False

    def go(self):
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self):
        self.process.stdin.close()
        code = self.process.wait()
        self.errors.join()
        return code


def main():
    pairs = sys.argv[1:]
    if len(pairs) < 4 or len(pairs) % 2 != 0:
        sys.exit("usage: lockstep.py LABEL_A 'COMMAND A' LABEL_B 'COMMAND B' [LABEL 'COMMAND' ...]")
    sides = [Side(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
    # Each side loads its data and warms up (untimed) up to its first turn.
    waiting = [side.run_to_next_turn() for side in sides]
    while any(waiting):
        for i, side in enumerate(sides):
            if waiting[i]:
                time.sleep(SETTLE_SECONDS)
                side.go()
                waiting[i] = side.run_to_next_turn()
    failed = False
    for side in sides:
        code = side.finish()
        if code != 0 or not side.lines:
            failed = True
            sys.stderr.write("lockstep.py: %s exited with %d\n" % (side.label, code))
        print("%s|%s" % (side.label, side.lines[-1] if side.lines else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
