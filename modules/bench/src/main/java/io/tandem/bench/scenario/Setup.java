package io.tandem.bench.scenario;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.page.Recording;
import java.nio.file.Path;

/**
 * What every scenario of a run shares: the generator's event loops, the recorded page, the
 * options, the number of idle rooms the open-file limit allows, and where files go.
 */
public record Setup(Lanes lanes, Recording recording, BenchOptions options, int idleRooms, long fileLimit, Path workDir) {}
