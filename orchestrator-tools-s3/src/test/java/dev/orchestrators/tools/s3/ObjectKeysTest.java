package dev.orchestrators.tools.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Object keys stay under their prefix whatever the entry key holds, and the same entries give the same key. */
class ObjectKeysTest {

    /** Entry keys a payload could bring: traversal, encodings, control characters, unicode, sizes. */
    static final List<String> HOSTILE = List.of(
            "run-1/lead_sync", "../../etc/passwd", "..", ".", "a/../../b", "/leading", "trailing/", "a//b", "//",
            "%2F..%2F..%2Fx", "%2e%2e/%2e%2e", "a%00b", "nul\u0000byte", "cr\r\nlf", "tab\tand space", "back\\slash",
            "~41", "~", "~~", "question?mark#hash&amp", "quote'\"", "<xml>", "üñíçødé/名前/🚀", "e\u0301 vs \u00e9",
            "\u202Eright-to-left", "x".repeat(300), "y/".repeat(400), "z".repeat(1_000_000), "a.jsonl.gz", "a.2-abc");

    @Test
    void shouldKeepOrdinaryKeysReadableWithOneFolderPerRun() {
        assertThat(ObjectKeys.batch("archive/", List.of("run-42/lead_sync"))).isEqualTo("archive/run-42/lead_sync.jsonl.gz");
    }

    @Test
    void shouldEscapeEveryByteThatCouldBeReadAsAPathOrAnEscape() {
        // given a key with each dangerous character
        String encoded = ObjectKeys.encode("../a%2Fb.c\u0000ü");

        // then only letters, digits, _ - ~ and the segment slash remain
        assertThat(encoded).isEqualTo("~2E~2E/a~252Fb~2Ec~00~C3~BC").matches("[A-Za-z0-9_~/-]+");
    }

    @Test
    void shouldNeverProduceADotSegmentAnEmptySegmentOrALeadingSlash() {
        for (String key : HOSTILE) {
            String encoded = ObjectKeys.encode(key);
            assertThat(encoded).as(key).matches("[A-Za-z0-9_~/-]+").doesNotStartWith("/");
            assertThat(encoded.split("/", -1)).as(key).allSatisfy(segment -> assertThat(segment).isNotEmpty()
                    .isNotIn(".", "..").hasSizeLessThanOrEqualTo(ObjectKeys.MAX_SEGMENT));
        }
    }

    @Test
    void shouldGiveDistinctKeysDistinctObjects() {
        Set<String> objects = new HashSet<>();
        for (String key : HOSTILE) {
            objects.add(ObjectKeys.batch("p/", List.of(key)));
        }
        assertThat(objects).hasSameSizeAs(HOSTILE);
    }

    @Test
    void shouldHashAKeyTooLongForS3OrAFileSystemIntoABoundedName() {
        // given a 1 MB key and a key with one 300-character segment
        String huge = ObjectKeys.encode("z".repeat(1_000_000));
        String wide = ObjectKeys.encode("x".repeat(300));

        // then both are ~~ and 64 hex characters, and stay distinct
        assertThat(huge).matches("~~[0-9a-f]{64}");
        assertThat(wide).matches("~~[0-9a-f]{64}").isNotEqualTo(huge);
        assertThat(ObjectKeys.encode("x".repeat(200))).isEqualTo("x".repeat(200));
    }

    @Test
    void shouldNameABatchByItsFirstKeyItsSizeAndAHashOfAllItsKeys() {
        // when
        String ab = ObjectKeys.batch("p/", List.of("run-1/a", "run-2/b"));

        // then the same keys give the same name; another set or order gives another
        assertThat(ab).matches("p/run-1/a\\.2-[0-9a-f]{32}\\.jsonl\\.gz");
        assertThat(ObjectKeys.batch("p/", List.of("run-1/a", "run-2/b"))).isEqualTo(ab);
        assertThat(ObjectKeys.batch("p/", List.of("run-1/a", "run-2/c"))).isNotEqualTo(ab);
        assertThat(ObjectKeys.batch("p/", List.of("run-2/b", "run-1/a"))).isNotEqualTo(ab);
    }

    @Test
    void shouldRefuseAKeyWithALoneSurrogate() {
        assertThatThrownBy(() -> ObjectKeys.encode("run-1/\uD800x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThat(ObjectKeys.encode("🚀")).isEqualTo("~F0~9F~9A~80");
    }
}
