package io.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM's meters that the dashboard's heap, GC and CPU panels read (k8s/monitoring). */
class ProcessMetersTest {

  @Test
  void heapGcThreadsAndCpuAreOnTheScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ProcessMeters meters = new ProcessMeters(registry)) {
      String scrape = registry.scrape();
      for (String series : List.of("jvm_memory_used_bytes{area=\"heap\"", "jvm_memory_max_bytes{area=\"heap\"",
          "jvm_gc_overhead ", "jvm_gc_memory_allocated_bytes_total ", "jvm_threads_live_threads ",
          "jvm_classes_loaded_classes ", "process_cpu_usage ", "process_uptime_seconds ")) {
        assertThat(scrape).as(series).contains(series);
      }
    }
  }
}
