package dev.folioscope.web.recordings;

/**
 * A scenario that takes a while to record, for the tests of waiting and cancelling: a random mix of
 * small allocations and frees, some 5.7 events an operation, about a million events every four
 * seconds on a 2-CPU test machine. No test lets it finish.
 */
public final class LongScenario {
    /** Its title, as the recording screen and the notices show it. */
    public static final String TITLE = "Long random mix";

    private LongScenario() {
    }

    /**
     * text() - the scenario's YAML.
     *
     * @param steps random steps of a million operations each (the most one step may have): each
     *     records some 5.7 million events, for about twenty seconds; two stay within the event budget
     */
    public static String text(int steps) {
        String step = """
                  - random:
                      label: mix
                      ops: 1000000
                      orders: {0: 80, 1: 8, 2: 6, 3: 4}
                      gfp: {GFP_KERNEL: 3, GFP_HIGHUSER_MOVABLE: 6, GFP_ATOMIC: 1}
                      free_percent: 48
                """;
        return """
                version: 1
                title: %s
                description: Many small allocations and frees, to keep the recorder busy for a while.
                seed: 7
                machine:
                  memory: 256M
                  cpus: 2
                steps:
                """.formatted(TITLE) + step.repeat(steps);
    }
}
