package io.tandem.bench.target;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the things under test are and how their processes are started: the server's shaded jar,
 * the bench jar (for the bare relay), the socket.io relay's folder, and the JVM options both JVM
 * targets share, so neither gets a bigger heap or a different collector.
 */
public record Installation(Path serverJar, Path benchJar, Path socketIoRelay, Path workDir, List<String> jvmOptions, boolean profile) {

  /** The same, without a flight recording: later runs are not profiled, so no JVM target pays for it in its CPU figure. */
  public Installation unprofiled() {
    return new Installation(serverJar, benchJar, socketIoRelay, workDir, jvmOptions, false);
  }

  public Path logs() {
    return workDir.resolve("bench-logs");
  }

  public Path recordings() {
    return workDir.resolve("jfr");
  }
}
