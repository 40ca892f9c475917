package io.tandem.server.auth;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The RS256 key pair that signs agent tokens. Production passes both PEMs through configuration
 * (a Kubernetes Secret); a development node generates a pair on first run and keeps it in its data
 * directory so tokens survive restarts. Blocking: call from a worker.
 */
public record SigningKeys(String privateKeyPem, String publicKeyPem) {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
  private static final String PRIVATE_FILE = "jwt-private.pem";
  private static final String PUBLIC_FILE = "jwt-public.pem";

  public static SigningKeys load(JsonObject auth, Path dataDir) {
    String privatePem = auth.getString("privateKeyPem", "");
    String publicPem = auth.getString("publicKeyPem", "");
    if (!privatePem.isBlank() && !publicPem.isBlank()) {
      return new SigningKeys(privatePem, publicPem);
    }
    try {
      return loadOrGenerate(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write development JWT keys in " + dataDir, e);
    }
  }

  private static SigningKeys loadOrGenerate(Path dataDir) throws IOException {
    Path privateFile = dataDir.resolve(PRIVATE_FILE);
    Path publicFile = dataDir.resolve(PUBLIC_FILE);
    if (Files.exists(privateFile) && Files.exists(publicFile)) {
      return new SigningKeys(Files.readString(privateFile), Files.readString(publicFile));
    }
    LOG.warning("no JWT keys configured: generating development keys in " + dataDir.toAbsolutePath());
    KeyPair pair = generate();
    SigningKeys keys =
        new SigningKeys(
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Files.createDirectories(dataDir);
    Files.writeString(privateFile, keys.privateKeyPem());
    Files.writeString(publicFile, keys.publicKeyPem());
    return keys;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has RSA", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
