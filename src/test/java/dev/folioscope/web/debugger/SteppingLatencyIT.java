package dev.folioscope.web.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.web.BrowserTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How long a step with → takes on fragmentation (over 14,000 events), from the key press to the
 * moment every panel shows the new step: the Flow client idle, no seek pending (the root's
 * {@code data-seeking}), the step label at the new step and every chart done drawing. Measured in
 * the browser (performance.now() at keydown) in {@value #ROUNDS} rounds of {@value #STEPS} presses
 * after {@value #WARM_UP} to warm up (a shared machine's numbers vary from round to round); prints
 * each round's p50/p95/max and writes them to {@code target/latency/stepping.txt}. A
 * measurement, not a test of speed: it fails only if a step never completes.
 */
class SteppingLatencyIT extends BrowserTestBase {
    static final int FROM = 1000;
    static final int WARM_UP = 20;
    static final int STEPS = 50;
    static final int ROUNDS = 3;
    /**
     * When a step counts as never shown: far beyond any latency worth measuring, and beyond the
     * stalls of a 2-CPU machine also running other JVMs and browsers (a step once took over 20 s there).
     */
    static final int NEVER_MS = 60_000;

    /** Remembers when the last key went down (capture phase: before the page's own handler). */
    private static final String KEY_CLOCK = "() => { if (!window.__fsKeyClock) { window.__fsKeyClock = true;"
            + " document.addEventListener('keydown', () => { window.__fsKeyAt = performance.now(); }, true); } }";

    /** Resolves with the milliseconds from the last keydown to all panels showing step {@code expected}. */
    private static final String SETTLED = "expected => new Promise((resolve, reject) => {"
            + " const t0 = window.__fsKeyAt;"
            + " const poll = () => {"
            + "   const cs = Object.values(window.Vaadin.Flow.clients);"
            + "   const label = document.getElementById('fs-step-label');"
            + "   const done = cs.every(c => !c.isActive || !c.isActive())"
            + "     && !document.querySelector('[data-seeking]')"
            + "     && label && label.textContent === expected + ' / ' + label.textContent.split(' / ')[1]"
            + "     && [...document.querySelectorAll('fs-echart')].every(c => c.renderFinished);"
            + "   if (done) { resolve(performance.now() - t0); return; }"
            + "   if (performance.now() - t0 > " + NEVER_MS + ") {"
            + "     reject(new Error('step ' + expected + ' not shown after " + NEVER_MS + " ms: client busy '"
            + "       + cs.some(c => c.isActive && c.isActive()) + ', seeking '"
            + "       + Boolean(document.querySelector('[data-seeking]')) + ', label ' + (label && label.textContent)"
            + "       + ', charts unfinished ' + [...document.querySelectorAll('fs-echart')]"
            + "         .filter(c => !c.renderFinished).map(c => c.id || c.parentElement.id).join(' ')));"
            + "     return; }"
            + "   setTimeout(poll, 1); };"
            + " poll(); })";

    @Test
    void stepForwardOnFragmentation() {
        open("/debug/fragmentation?step=" + FROM);
        DebuggerPage debugger = new DebuggerPage(page);
        waitForChart(debugger.timeline());
        waitForChart(debugger.freeLists().heatmap());
        page.evaluate(KEY_CLOCK);
        int step = debugger.step();
        StringBuilder report = new StringBuilder();
        for (int round = 0; round <= ROUNDS; round++) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < (round == 0 ? WARM_UP : STEPS); i++) {
                page.keyboard().press("ArrowRight");
                step++;
                ms.add(((Number) page.evaluate(SETTLED, step)).doubleValue());
            }
            if (round > 0) {
                List<Double> sorted = ms.stream().sorted().toList();
                report.append(String.format(Locale.ROOT, "fragmentation, round %d: %d x ArrowRight up to step %d,"
                        + " key press -> all panels updated: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", round, STEPS,
                        step, percentile(sorted, 50), percentile(sorted, 95), sorted.getLast()));
            }
        }
        assertThat(debugger.step()).isEqualTo(FROM + WARM_UP + ROUNDS * STEPS);
        System.out.print(report);
        Path out = Path.of("target", "latency", "stepping.txt");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
