package dev.folioscope.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.Workload;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Tracer;
import dev.folioscope.recording.RecordingInput;
import dev.folioscope.scenario.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario keeps the allocator's invariants after every single event, and no
 * operation changes the kernel after its last event: the state "at" an event must be the state
 * a checkpoint taken after it would hold.
 */
class ShippedScenariosInvariantTest {
    static Stream<String> scenarios() {
        List<Scenario> shipped = Catalog.shipped();
        assertTrue(shipped.size() >= 3, "at least three scenarios ship");
        return shipped.stream().map(Scenario::name);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void invariantsHoldAfterEveryEvent(String name) {
        RecordingInput input = Catalog.input(Catalog.shipped(name));
        Kernel kernel = Kernel.boot(input.machine());
        Workload workload = input.workload();
        Checker checker = new Checker(kernel);
        kernel.setTracer(checker);
        int op = 0;
        while (workload.runNext(kernel)) {
            op++;
            InvariantChecker.checkAccounting(kernel, workload.allocatedBlocks());
            InvariantChecker.checkLru(kernel);
            InvariantChecker.checkMappings(kernel);
            if (checker.atLastEvent != null) {
                assertEquals(checker.atLastEvent.digest(), kernel.digest(), name + ": operation " + op
                        + " changed the kernel after its last event");
                checker.atLastEvent = null;
            }
        }
        assertTrue(checker.events > 0, name + " runs kernel events");
        assertFalse(checker.events > 200_000, name + " stays small enough to step through");
    }

    private static final class Checker implements Tracer {
        private final Kernel kernel;
        private int events;
        /** A snapshot of the kernel at the latest event. */
        private Kernel atLastEvent;

        Checker(Kernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void enter(EventType type, int cpu, int pid, long[] args) {
            events++;
            InvariantChecker.checkFreeLists(kernel);
            atLastEvent = kernel.snapshot();
        }

        @Override
        public void exit(long result) {
        }

        @Override
        public void point(EventType type, int cpu, int pid, long[] args) {
            events++;
            InvariantChecker.checkFreeLists(kernel);
            atLastEvent = kernel.snapshot();
        }
    }
}
