package io.tandem.server.cluster;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run what waits on a Hazelcast operation (every claim, owner lookup and event-bus
 * subscription a node makes). Hazelcast runs those callbacks on the JVM's common pool, unless that
 * pool has a single thread (a machine or a pod of at most 2 CPUs), where it starts a new thread for
 * each callback: a node that took over a dead node's rooms started more than 100 threads a second in
 * the chaos run. One pool of a few threads serves instead, on every machine.
 */
final class CallbackThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Executor POOL = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
      CallbackThreads::thread, null, true);

  private CallbackThreads() {}

  /** Before the first Hazelcast member of the JVM starts; again is harmless. */
  static void install() {
    ConcurrencyUtil.setDefaultAsyncExecutor(POOL);
  }

  private static ForkJoinWorkerThread thread(ForkJoinPool pool) {
    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    thread.setName("tandem-cluster-callback-" + COUNT.incrementAndGet());
    return thread;
  }
}
