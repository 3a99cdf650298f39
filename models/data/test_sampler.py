"""Tests of the sample player (sampler.py) on a library of synthetic notes written as WAV files, so they run
without the tonejs-instruments recordings:  /usr/bin/python3 -m unittest discover -s models/data -p 'test_*.py'
(PythonUnitTest in the models module runs them in mvn verify)."""

import os
import tempfile
import unittest
import wave

import numpy as np

import sampler

RATE = 44100


def tone(freq, seconds=1.5, delay=0.05):
    """A harmonic tone with an exponential decay, after `delay` s of near-silence (like an MP3's lead-in)."""
    t = np.arange(int(seconds * RATE)) / RATE
    x = sum(np.sin(2 * np.pi * k * freq * t) / k for k in (1, 2, 3)) * np.exp(-t / 0.8) * 0.5
    lead = np.random.default_rng(0).normal(0, 1e-4, int(delay * RATE))
    return np.concatenate([lead, x])


def write_wav(path, x):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def peak_frequency(x, start, length=16384):
    seg = x[start:start + length] * np.hanning(length)
    spectrum = np.abs(np.fft.rfft(seg, 8 * length))
    return np.fft.rfftfreq(8 * length, 1 / RATE)[np.argmax(spectrum)]


def rms(x):
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


class SamplerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        violin = os.path.join(cls.dir.name, "violin")
        os.makedirs(violin)
        write_wav(os.path.join(violin, "A3.wav"), tone(220.0))
        write_wav(os.path.join(violin, "A4.wav"), tone(440.0))
        with open(os.path.join(violin, "README.md"), "w") as f:  # not a note file: ignored
            f.write("synthetic notes\n")
        cls.lib = sampler.Library(cls.dir.name, RATE)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_note_names_follow_the_c4_is_60_convention(self):
        self.assertEqual(sampler.note_number("A4.mp3"), 69)
        self.assertEqual(sampler.note_number("Cs4.mp3"), 61)
        self.assertEqual(sampler.note_number("C-1.wav"), 0)
        self.assertEqual(sampler.note_number("Gs2.wav"), 44)
        self.assertIsNone(sampler.note_number("README.md"))
        self.assertIsNone(sampler.note_number("H4.mp3"))

    def test_only_installed_instruments_are_offered(self):
        self.assertEqual(self.lib.programs(), {sampler.PROGRAMS["violin"]})

    def test_a_note_sounds_at_its_pitch_whether_sampled_or_resampled(self):
        program = sampler.PROGRAMS["violin"]
        for pitch in (69, 72, 60, 57, 45, 88):  # sampled, up 3, down 9/up 3, sampled, octave moves
            expected = 440.0 * 2 ** ((pitch - 69) / 12)
            while expected < 220.0 * 2 ** (-6.5 / 12):
                expected *= 2
            while expected > 440.0 * 2 ** (6.5 / 12):
                expected /= 2
            x = self.lib.render(program, [(0.1, 1.2, pitch, 100)], 2.0)
            f = peak_frequency(x, int(0.2 * RATE))
            self.assertAlmostEqual(f / expected, 1.0, delta=0.003, msg=f"pitch {pitch}: {f:.1f} Hz")

    def test_notes_start_on_time_and_release_after_their_end(self):
        x = self.lib.render(sampler.PROGRAMS["violin"], [(0.5, 1.0, 69, 100)], 2.0)
        self.assertEqual(len(x), 2 * RATE)
        self.assertLess(rms(x[:int(0.495 * RATE)]), 1e-9)  # the recording's lead-in was trimmed
        self.assertGreater(rms(x[int(0.5 * RATE):int(0.55 * RATE)]), 0.1)
        held = rms(x[int(0.9 * RATE):int(1.0 * RATE)])
        released = rms(x[int(1.3 * RATE):int(1.4 * RATE)])
        self.assertLess(released, held * np.exp(-0.3 / sampler.RELEASE_SECONDS) * 2)
        self.assertLess(rms(x[int(1.6 * RATE):]), 1e-6)

    def test_velocity_scales_the_level_and_chords_add(self):
        program = sampler.PROGRAMS["violin"]
        loud = self.lib.render(program, [(0.0, 1.0, 69, 127)], 1.0)
        soft = self.lib.render(program, [(0.0, 1.0, 69, 40)], 1.0)
        self.assertAlmostEqual(rms(soft) / rms(loud), (40 / 127) ** 1.5, delta=1e-3)
        chord = self.lib.render(program, [(0.0, 1.0, 69, 100), (0.0, 1.0, 64, 100)], 1.0)
        single = self.lib.render(program, [(0.0, 1.0, 64, 100)], 1.0)
        self.assertLess(np.abs(chord - single - self.lib.render(program, [(0.0, 1.0, 69, 100)], 1.0)).max(), 1e-6)

    def test_a_directory_without_note_files_is_an_error(self):
        with tempfile.TemporaryDirectory() as empty:
            with self.assertRaisesRegex(RuntimeError, "no note samples"):
                sampler.load_instrument(empty, RATE)


if __name__ == "__main__":
    unittest.main()
