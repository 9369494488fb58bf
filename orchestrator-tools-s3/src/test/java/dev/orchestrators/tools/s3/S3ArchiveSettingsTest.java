package dev.orchestrators.tools.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every archive.s3.* key is typed, validated and named in errors; secrets are references only. */
class S3ArchiveSettingsTest {

    private static Map<String, String> with(String... pairs) {
        Map<String, String> settings = new HashMap<>(Map.of("archive.s3.bucket", "acme-archive", "unrelated.key", "x"));
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put("archive.s3." + pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    @Test
    void shouldApplyTheDocumentedDefaults() {
        S3ArchiveSettings settings = S3ArchiveSettings.from(with());
        assertThat(settings.prefix()).isEqualTo("archive/");
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.accessKeyId().isPresent()).isFalse();
        assertThat(settings.batchMaxEntries()).isEqualTo(1000);
        assertThat(settings.conditionalWrites()).isTrue();
    }

    @Test
    void shouldRequireTheBucketNamingItsKey() {
        assertThatThrownBy(() -> S3ArchiveSettings.from(Map.of("archive.s3.prefix", "x/")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("archive.s3.bucket is required");
        assertThat(S3ArchiveSettings.isConfigured(with())).isTrue();
        assertThat(S3ArchiveSettings.isConfigured(Map.of("orchestrator.archive.dir", "/tmp"))).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() {
        assertThatThrownBy(() -> S3ArchiveSettings.from(with("bukket", "x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("archive.s3.bukket");
    }

    @Test
    void shouldRefuseAPrefixThatCouldLeaveTheBucketsTree() {
        for (String bad : new String[] {"../x/", "/abs/", "a//b/", "a/./b", "a/../b", "a b/", "x%2F/"}) {
            assertThatThrownBy(() -> S3ArchiveSettings.from(with("prefix", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("archive.s3.prefix");
        }
        assertThat(S3ArchiveSettings.from(with("prefix", "prod/archive")).prefix()).isEqualTo("prod/archive/");
        assertThat(S3ArchiveSettings.from(with("prefix", "")).prefix()).isEqualTo("archive/");
    }

    @Test
    void shouldRefuseALiteralSecretAndOneCredentialWithoutTheOther() {
        assertThatThrownBy(() -> S3ArchiveSettings.from(with("access.key.id", "AKIAEXAMPLE", "secret.access.key", "file:/x")))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("AKIAEXAMPLE");
        assertThatThrownBy(() -> S3ArchiveSettings.from(with("access.key.id", "file:/x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("together");
    }

    @Test
    void shouldRefuseAnEndpointThatIsNotAPlainHttpUrl() {
        for (String bad : new String[] {"ftp://host", "http://", "http://host/path", "not a url"}) {
            assertThatThrownBy(() -> S3ArchiveSettings.from(with("endpoint", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("archive.s3.endpoint");
        }
        assertThat(S3ArchiveSettings.from(with("endpoint", "http://127.0.0.1:9000")).endpoint()).isPresent();
    }

    @Test
    void shouldShowSecretsOnlyByReference() {
        S3ArchiveSettings settings = S3ArchiveSettings.from(with("access.key.id", "file:/run/secrets/id",
                "secret.access.key", "env:S3_SECRET"));
        assertThat(settings.describe()).containsEntry("access.key.id", "file:/run/secrets/id")
                .containsEntry("secret.access.key", "env:S3_SECRET");
        assertThat(settings.toString()).contains("env:S3_SECRET");
    }

    @Test
    void shouldDocumentEveryKeyWithItsFullName() {
        String markdown = S3ArchiveSettings.markdown();
        S3ArchiveSettings.keys().forEach(key -> assertThat(markdown).contains("`archive.s3." + key.name() + "`"));
        assertThat(S3ArchiveSettings.keys()).extracting(k -> k.name()).contains("bucket", "prefix", "endpoint", "region",
                "path.style", "access.key.id", "secret.access.key", "timeout.ms", "max.concurrent", "batch.max.entries",
                "batch.max.bytes");
    }
}
