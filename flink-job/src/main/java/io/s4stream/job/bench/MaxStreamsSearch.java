package io.s4stream.job.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Finds the largest stream count that passes: doubles from a start until a count fails (or a cap is
 * reached), then bisects between the last pass and the first failure down to a resolution.
 */
public final class MaxStreamsSearch {

    /**
     * @param largestPassing 0 when even one stream fails
     * @param smallestFailing 0 when no probed count failed (the cap passed)
     * @param probed every count tried, in order
     */
    public record Result(int largestPassing, int smallestFailing, List<Integer> probed) {}

    private MaxStreamsSearch() {}

    /**
     * @param start first count tried (>= 1)
     * @param cap largest count tried
     * @param resolution stop bisecting when the failing and passing counts differ by at most this
     *     fraction of the passing one (or by 1)
     */
    public static Result search(int start, int cap, double resolution, IntPredicate passes) {
        if (start < 1 || cap < start) {
            throw new IllegalArgumentException(
                    "need 1 <= start <= cap, got start " + start + ", cap " + cap);
        }
        if (!(resolution >= 0)) {
            throw new IllegalArgumentException("resolution must be >= 0, got " + resolution);
        }
        List<Integer> probed = new ArrayList<>();
        int lo = 0;
        int hi = 0;
        int n = start;
        while (true) {
            probed.add(n);
            if (!passes.test(n)) {
                hi = n;
                break;
            }
            lo = n;
            if (n == cap) {
                return new Result(lo, 0, probed);
            }
            n = (int) Math.min(cap, 2L * n);
        }
        while (hi - lo > Math.max(1, (int) (lo * resolution))) {
            int mid = lo + (hi - lo) / 2;
            probed.add(mid);
            if (passes.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Result(lo, hi, probed);
    }
}
