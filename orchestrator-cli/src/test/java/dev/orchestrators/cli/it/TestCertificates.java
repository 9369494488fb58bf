package dev.orchestrators.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed test certificates made with the JDK's {@code keytool} at test time (PKCS12 stores, EC keys, valid
 * for two days): a key store per identity, and trust stores holding the certificates to trust. Never for
 * production use.
 */
final class TestCertificates {
    private final Path dir;
    private final String password;

    TestCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** The password of every store made here. */
    String password() {
        return password;
    }

    /**
     * A key store {@code <alias>.p12} with a key and self-signed certificate for distinguished name {@code dn},
     * naming {@code 127.0.0.1} and {@code localhost} (so hostname verification passes on loopback).
     */
    Path keyStore(String alias, String dn) {
        Path store = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dn,
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        return store;
    }

    /** A trust store {@code <name>.p12} trusting the certificates of the key stores {@code aliases} (made before). */
    Path trustStore(String name, String... aliases) {
        Path store = dir.resolve(name + ".p12");
        for (String alias : aliases) {
            Path certificate = dir.resolve(alias + ".crt");
            if (!Files.exists(certificate)) {
                keytool("-exportcert", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", password,
                        "-rfc", "-file", certificate.toString());
            }
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        }
        return store;
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");  // starts faster
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
