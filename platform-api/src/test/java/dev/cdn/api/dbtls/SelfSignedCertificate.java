package dev.cdn.api.dbtls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed RSA certificate for 127.0.0.1 and localhost, made with the JDK's keytool and written as PEM: the
 * certificate (which is also its own CA bundle) and the unencrypted PKCS#8 key PostgreSQL reads.
 */
record SelfSignedCertificate(Path certificate, Path privateKey) {

    static SelfSignedCertificate create(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate(name);
        PrivateKey key = (PrivateKey) ks.getKey(name, "changeit".toCharArray());
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new SelfSignedCertificate(certFile, keyFile);
    }

    /** Copies the pair into a server's data folder, owned like the folder and readable by its owner only. */
    void installInto(Path dataDir) throws IOException {
        var owner = Files.getOwner(dataDir);
        for (var entry : List.of(List.of(certificate, dataDir.resolve("server.crt")),
                List.of(privateKey, dataDir.resolve("server.key")))) {
            Files.copy(entry.get(0), entry.get(1));
            Files.setOwner(entry.get(1), owner);
            Files.setPosixFilePermissions(entry.get(1), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
