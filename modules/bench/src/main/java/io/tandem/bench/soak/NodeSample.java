package io.tandem.bench.soak;

import io.vertx.core.json.JsonObject;

/**
 * What the node looked like at one moment of the soak, and how far the load had got.
 *
 * @param minute           minutes since the load started (0: the idle node before it)
 * @param heapAfterGcBytes heap in use right after two full collections ({@code jcmd GC.run}, then {@code GC.heap_info})
 * @param threads          the process's live threads ({@code Threads:} of /proc/&lt;pid&gt;/status: Java and the JVM's own)
 * @param openFiles        entries of /proc/&lt;pid&gt;/fd: sockets, files, pipes
 * @param databaseConnections the node's connections in its PostgreSQL's {@code pg_stat_activity} (client backends, the soak's own left out)
 * @param loadAverage      the machine's 1-minute load average
 * @param nodeCpuSeconds   the node's CPU time so far (user + system)
 * @param errorLogLines    SEVERE lines in the node's log so far
 * @param churn            the load's counters so far: batches delivered, swaps, reloads, sessions ended, violations
 */
public record NodeSample(double minute, long heapAfterGcBytes, int threads, int openFiles, int databaseConnections,
                         double loadAverage, double nodeCpuSeconds, long errorLogLines, JsonObject churn) {

  JsonObject toJson() {
    return new JsonObject().put("minute", Math.round(minute * 100) / 100.0)
        .put("heapAfterGcBytes", heapAfterGcBytes).put("heapAfterGcMiB", Math.round(heapAfterGcBytes / 1048576.0 * 10) / 10.0)
        .put("threads", threads).put("openFiles", openFiles).put("databaseConnections", databaseConnections)
        .put("loadAverage", loadAverage).put("nodeCpuSeconds", Math.round(nodeCpuSeconds * 10) / 10.0)
        .put("errorLogLines", errorLogLines).put("load", churn);
  }
}
