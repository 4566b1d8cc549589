package dev.folioscope.web.editor;

import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.scenario.ScenarioParser;
import dev.folioscope.scenario.StepKind;
import dev.folioscope.scenario.StepKinds;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The words the editor completes, sent to the browser once: the format's keys (from
 * {@link ScenarioParser}'s key lists), every step kind with its keys (from {@link StepKinds}, with
 * the summary, type and meaning the docs show), and the gfp names {@link Gfp#parse} accepts. Nothing
 * here is a list of its own: a kind or flag added to the registry is completed without a change here.
 *
 * <p>The JSON, read by {@code frontend/scenario-editor.js}:
 * <pre>
 * {"sections": {"top": [option], "machine": [...], "zone": [...], "sysctl": [...]},
 *  "kinds": [option with "keys": [option]],
 *  "gfp": [option]}
 * </pre>
 * where an option is {@code {"label", "detail", "info"?, "type"}} as CodeMirror's Completion takes it.
 */
final class Vocabulary {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The vocabulary as a JSON text; the same for every editor, so built once. */
    static final String JSON = build().toString();

    private Vocabulary() {
    }

    static ObjectNode build() {
        ObjectNode v = F.objectNode();
        ObjectNode sections = v.putObject("sections");
        sections.set("top", options(ScenarioParser.TOP_KEYS_V2, "key", "property"));
        sections.set("machine", options(ScenarioParser.MACHINE_KEYS, "machine key", "property"));
        sections.set("zone", options(ScenarioParser.ZONE_KEYS, "zone key", "property"));
        sections.set("sysctl", options(ScenarioParser.SYSCTL_KEYS, "vm sysctl", "property"));
        ArrayNode kinds = v.putArray("kinds");
        for (StepKind<?> kind : StepKinds.all()) {
            ObjectNode k = kinds.addObject().put("label", kind.name()).put("detail", "step kind")
                    .put("info", plain(kind.summary())).put("type", "type");
            ArrayNode keys = k.putArray("keys");
            for (StepKind.Field f : kind.fields()) {
                keys.addObject().put("label", f.name())
                        .put("detail", plain(f.type()) + (f.isRequired() ? ", required" : ""))
                        .put("info", plain(f.meaning())).put("type", "property");
            }
        }
        v.set("gfp", options(Gfp.names(), "gfp flag", "constant"));
        return v;
    }

    /** Completions without an explanation of their own; {@code type} picks CodeMirror's icon. */
    private static ArrayNode options(List<String> names, String detail, String type) {
        ArrayNode list = F.arrayNode();
        names.forEach(n -> list.addObject().put("label", n).put("detail", detail).put("type", type));
        return list;
    }

    /** The docs' one-line Markdown as plain text: CodeMirror shows an info string as text. */
    static String plain(String markdown) {
        return markdown.replace("`", "").replace("**", "");
    }
}
