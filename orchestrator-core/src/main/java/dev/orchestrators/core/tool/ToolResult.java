package dev.orchestrators.core.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tool returned: a JSON object. Immutable.
 *
 * @param fields the result's fields (JSON values), in the order the tool produced them
 */
public record ToolResult(Map<String, Object> fields) {

    public ToolResult {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ToolResult of(Map<String, Object> fields) {
        return new ToolResult(fields);
    }

    public static ToolResult empty() {
        return new ToolResult(Map.of());
    }

    public Object field(String name) {
        return fields.get(name);
    }
}
