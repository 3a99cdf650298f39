package io.s4stream.job.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the job's integration tests run on: one TaskManager with two slots. */
public final class TestCluster {
    private TestCluster() {}

    /** For a {@code @RegisterExtension static} field: parallelism 2 fits, as the job tests need. */
    public static MiniClusterExtension twoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
