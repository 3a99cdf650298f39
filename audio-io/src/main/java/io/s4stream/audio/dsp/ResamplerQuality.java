package io.s4stream.audio.dsp;

/** Filter length of the TarsosDSP (libresample) resampler. */
public enum ResamplerQuality {
    /** 11-tap wing filter: about 68 dB SNR on a sine, about twice as fast as {@link #HIGH}. */
    LOW(false),
    /** 35-tap wing filter: about 76 dB SNR on a sine. */
    HIGH(true);

    private final boolean highQuality;

    ResamplerQuality(boolean highQuality) {
        this.highQuality = highQuality;
    }

    boolean highQuality() {
        return highQuality;
    }
}
