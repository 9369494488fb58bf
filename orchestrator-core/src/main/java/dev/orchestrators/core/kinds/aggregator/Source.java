package dev.orchestrators.core.kinds.aggregator;

import dev.orchestrators.core.envelope.Payload;
import java.util.Map;
import java.util.function.Function;

/** One source of an aggregator: a tool called with arguments from the payload, its records keyed by {@code keyField}. */
record Source(String name, String tool, Function<Payload, Map<String, Object>> arguments, String keyField) {
}
