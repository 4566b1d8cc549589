package dev.folioscope.web.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.scenario.StepKind;
import dev.folioscope.scenario.StepKinds;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The words the editor completes come from the one registry: every step kind with its keys, every
 * gfp name the parser takes, and the format's keys a scenario file is written with.
 */
class VocabularyTest {
    private final JsonNode vocabulary = JsonMapper.builder().build().readTree(Vocabulary.JSON);

    @Test
    void holdsEveryStepKindWithItsKeysAndSummary() {
        List<String> kinds = labels(vocabulary.get("kinds"));

        assertThat(kinds).containsExactlyElementsOf(StepKinds.all().stream().map(StepKind::name).toList());
        assertThat(kinds).contains("alloc", "free", "mmap", "touch", "idle");
        for (JsonNode kind : vocabulary.get("kinds")) {
            StepKind<?> registered = StepKinds.byName(kind.get("label").asString());
            assertThat(labels(kind.get("keys"))).as(registered.name()).isEqualTo(registered.keys());
            assertThat(kind.get("info").asString()).as(registered.name()).isNotBlank().doesNotContain("`");
        }
        JsonNode alloc = vocabulary.get("kinds").get(0);
        assertThat(labels(alloc.get("keys"))).contains("label", "order", "gfp", "count");
    }

    @Test
    void holdsEveryGfpNameTheParserTakes() {
        List<String> gfp = labels(vocabulary.get("gfp"));

        assertThat(gfp).contains("GFP_KERNEL", "GFP_HIGHUSER_MOVABLE", "GFP_NOWAIT", "__GFP_ZERO", "__GFP_NOWARN");
        for (String name : gfp) {
            assertThat(Gfp.parse(name)).as(name).isNotZero();
        }
    }

    @Test
    void holdsTheKeysOfTheTopLevelTheMachineAndItsSysctls() {
        JsonNode sections = vocabulary.get("sections");

        assertThat(labels(sections.get("top"))).contains("version", "title", "description", "seed", "machine",
                "window", "steps");
        assertThat(labels(sections.get("machine"))).contains("memory", "zones", "cpus", "swap", "sysctl");
        assertThat(labels(sections.get("zone"))).contains("start_pfn", "spanned");
        assertThat(labels(sections.get("sysctl"))).contains("min_free_kbytes", "swappiness");
    }

    private static List<String> labels(JsonNode options) {
        return options.valueStream().map(o -> o.get("label").asString()).toList();
    }
}
