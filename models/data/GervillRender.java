import com.sun.media.sound.AudioSynthesizer;
import com.sun.media.sound.EmergencySoundbank;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Renders a Standard MIDI File offline with the JDK's own software synthesizer (Gervill) and the
 * instruments it synthesises itself when no soundbank is installed (its "emergency" soundbank: every GM
 * program built from generated waveforms and filters, no recorded samples). A sixth, fully synthetic
 * training sample set for the classifier, independent of every SF2 in Debian. Used by render.py:
 *
 * <pre>java --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED
 *     --add-opens java.base/java.lang=ALL-UNNAMED models/data/GervillRender.java IN.mid OUT.f32 RATE</pre>
 *
 * The soundbank is generated here, not taken from Gervill's default: EmergencySoundbank draws the phases
 * of the spectra most of its instruments are built from with {@code Math.random()}, and Gervill caches
 * its first draw in ~/.gervill, so the default differs from machine to machine (and, on a machine's
 * first render, between the processes that generate it and those that read the cache). Seeding
 * {@code Math.random()} first makes every render the same.
 *
 * Output: mono float32 little-endian samples at RATE from time 0, until the last event plus two seconds.
 * Reverb and chorus are off (as in the fluidsynth and timidity renders).
 */
public final class GervillRender {

    private static final double TAIL_SECONDS = 2.0;
    /** Seed of Math.random() while the soundbank is generated. */
    private static final long BANK_SEED = 20260101L;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: GervillRender IN.mid OUT.f32 RATE");
            System.exit(2);
        }
        Sequence sequence = MidiSystem.getSequence(new File(args[0]));
        float rate = Float.parseFloat(args[2]);
        if (sequence.getDivisionType() != Sequence.PPQ) {
            throw new IOException(args[0] + ": only PPQ (tempo-based) timing is supported");
        }
        AudioSynthesizer synth = findAudioSynthesizer();
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, rate, 32, 1, 4, rate, false);
        Map<String, Object> info = new HashMap<>();
        info.put("reverb", false);
        info.put("chorus", false);
        info.put("interpolation", "sinc");
        info.put("max polyphony", 64);
        info.put("load default soundbank", false);
        try (AudioInputStream stream = synth.openStream(format, info)) {
            Soundbank bank = seededEmergencySoundbank();
            if (!synth.loadAllInstruments(bank)) {
                throw new IllegalStateException("Gervill did not load its generated soundbank "
                        + bank.getName());
            }
            double seconds = sendAll(sequence, synth.getReceiver()) + TAIL_SECONDS;
            long frames = (long) Math.ceil(seconds * rate);
            copy(stream, frames * format.getFrameSize(), new File(args[1]));
        } finally {
            synth.close();
        }
    }

    /** Gervill's generated GM soundbank, the same on every machine (see the class comment). */
    private static Soundbank seededEmergencySoundbank() throws Exception {
        Field holder = Class.forName("java.lang.Math$RandomNumberGeneratorHolder")
                .getDeclaredField("randomNumberGenerator");
        holder.setAccessible(true);
        ((Random) holder.get(null)).setSeed(BANK_SEED);
        return EmergencySoundbank.createSoundbank();
    }

    private static AudioSynthesizer findAudioSynthesizer() throws Exception {
        Synthesizer synth = MidiSystem.getSynthesizer();
        if (synth instanceof AudioSynthesizer audio) {
            return audio;
        }
        throw new IllegalStateException("the default synthesizer " + synth.getDeviceInfo().getName()
                + " cannot render offline (not Gervill)");
    }

    /** Sends every short message with its time stamp in microseconds; returns the last event's time (s). */
    private static double sendAll(Sequence sequence, Receiver receiver) {
        List<MidiEvent> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                events.add(track.get(i));
            }
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick));
        double ticksPerQuarter = sequence.getResolution();
        double microsPerQuarter = 500_000; // the SMF default tempo, 120 bpm
        long lastTick = 0;
        double micros = 0;
        for (MidiEvent event : events) {
            micros += (event.getTick() - lastTick) * microsPerQuarter / ticksPerQuarter;
            lastTick = event.getTick();
            if (event.getMessage() instanceof MetaMessage meta && meta.getType() == 0x51) {
                byte[] d = meta.getData();
                microsPerQuarter = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
            } else if (event.getMessage() instanceof ShortMessage msg) {
                receiver.send(msg, (long) micros);
            }
        }
        return micros / 1e6;
    }

    private static void copy(AudioInputStream stream, long bytes, File out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (OutputStream os = new BufferedOutputStream(new FileOutputStream(out))) {
            long left = bytes;
            while (left > 0) {
                int n = stream.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the synthesizer stream ended " + left + " bytes early");
                }
                os.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
