package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;
import io.s4stream.audio.dsp.StreamResampler;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Each stream's live {@link StreamResampler}, kept in the operator between checkpoints (creating
 * one costs far more than a record). The stream's keyed state value holds the resampler's state
 * only as of the last checkpoint barrier ({@link #snapshot()}); a restored operator picks it up
 * from there ({@link #get}). Not thread-safe: the operator's thread.
 *
 * @param <S> the keyed state value that holds the checkpointed resampler state
 */
final class LiveResamplers<S> {

    private final Map<String, StreamResampler> live = new HashMap<>();
    private final KeyContext keys;
    private final ValueState<S> state;
    private final Function<S, ResamplerState> checkpointed;
    private final BiConsumer<S, ResamplerState> checkpoint;

    /**
     * @param checkpointed reads a value's checkpointed resampler state (null before the first)
     * @param checkpoint writes it
     */
    LiveResamplers(
            KeyContext keys,
            ValueState<S> state,
            Function<S, ResamplerState> checkpointed,
            BiConsumer<S, ResamplerState> checkpoint) {
        this.keys = keys;
        this.state = state;
        this.checkpointed = checkpointed;
        this.checkpoint = checkpoint;
    }

    /**
     * The stream's live resampler: the one in use, else one restored from {@code value}'s
     * checkpointed state, else a new one from {@code fromRate} to {@code toRate}.
     */
    StreamResampler get(String key, S value, int fromRate, int toRate) {
        StreamResampler r = live.get(key);
        if (r == null) {
            ResamplerState saved = checkpointed.apply(value);
            r = saved == null ? new StreamResampler(fromRate, toRate) : StreamResampler.restore(saved);
            live.put(key, r);
        }
        return r;
    }

    /** Forgets a stream that has ended. */
    void remove(String key) {
        live.remove(key);
    }

    /**
     * Writes the state of every live resampler that holds any (not an identity) into its stream's
     * keyed state value, before a checkpoint barrier. Changes the current key.
     */
    void snapshot() throws IOException {
        for (Map.Entry<String, StreamResampler> e : live.entrySet()) {
            if (!e.getValue().isIdentity()) {
                keys.setCurrentKey(e.getKey());
                S value = state.value();
                checkpoint.accept(value, e.getValue().snapshot());
                state.update(value);
            }
        }
    }
}
