package dev.folioscope.web.debugger;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Shorthands for building ECharts options as Jackson trees (never as concatenated strings). */
final class Json {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    /** The common dense look: small font, no animation, transparent background. */
    static ObjectNode baseOption() {
        ObjectNode o = F.objectNode();
        o.put("animation", false);
        o.put("backgroundColor", "transparent");
        o.putObject("textStyle").put("fontFamily", "JetBrains Mono, DejaVu Sans Mono, monospace").put("fontSize", 11)
                .put("color", Theme.TEXT);
        return o;
    }
}
