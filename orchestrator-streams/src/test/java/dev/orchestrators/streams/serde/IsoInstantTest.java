package dev.orchestrators.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class IsoInstantTest {

    @Property(tries = 2000)
    void writesWhatInstantToStringWrites(@ForAll @LongRange(min = -100_000_000_000L, max = 400_000_000_000L) long seconds,
                                         @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }

    @Property(tries = 500)
    void writesMillisecondAndMicrosecondInstantsAsToStringDoes(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis,
                                                               @ForAll @LongRange(min = 0, max = 999) long micros) {
        Instant atMillis = Instant.ofEpochMilli(millis);
        assertThat(IsoInstant.format(atMillis)).isEqualTo(atMillis.toString());
        Instant atMicros = atMillis.plusNanos(micros * 1000);
        assertThat(IsoInstant.format(atMicros)).isEqualTo(atMicros.toString());
    }

    @Example
    void edgesOfTheFastRange() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999Z", "2026-11-26T14:00:00.000001Z",
                "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
        }
    }
}
