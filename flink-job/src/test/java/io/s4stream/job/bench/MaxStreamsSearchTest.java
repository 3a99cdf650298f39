package io.s4stream.job.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaxStreamsSearchTest {

    @Test
    void doublesUntilAFailureThenBisectsToTheLargestPassingCount() {
        MaxStreamsSearch.Result r = MaxStreamsSearch.search(4, 4096, 0, n -> n <= 37);
        assertThat(r.largestPassing()).isEqualTo(37);
        assertThat(r.smallestFailing()).isEqualTo(38);
        assertThat(r.probed()).startsWith(4, 8, 16, 32, 64).contains(37, 38);
    }

    @Test
    void stopsBisectingAtTheResolution() {
        MaxStreamsSearch.Result r = MaxStreamsSearch.search(100, 4096, 0.1, n -> n <= 1234);
        assertThat(r.largestPassing()).isLessThanOrEqualTo(1234);
        assertThat(r.smallestFailing()).isGreaterThan(1234);
        assertThat(r.smallestFailing() - r.largestPassing())
                .isLessThanOrEqualTo((int) (0.1 * r.largestPassing()));
    }

    @Test
    void aFailingStartBisectsDownAndMayFindNothing() {
        assertThat(MaxStreamsSearch.search(16, 64, 0, n -> n <= 5).largestPassing()).isEqualTo(5);
        MaxStreamsSearch.Result none = MaxStreamsSearch.search(8, 64, 0, n -> false);
        assertThat(none.largestPassing()).isZero();
        assertThat(none.smallestFailing()).isEqualTo(1);
    }

    @Test
    void theCapEndsTheSearchWhenEverythingPasses() {
        MaxStreamsSearch.Result r = MaxStreamsSearch.search(8, 50, 0, n -> true);
        assertThat(r.largestPassing()).isEqualTo(50);
        assertThat(r.smallestFailing()).isZero();
        assertThat(r.probed()).containsExactly(8, 16, 32, 50);
    }

    @Test
    void rejectsAStartAboveTheCap() {
        assertThatThrownBy(() -> MaxStreamsSearch.search(9, 8, 0, n -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start 9");
    }
}
