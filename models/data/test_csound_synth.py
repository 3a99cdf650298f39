"""Tests of the Csound instrument set (csound_synth.py) that renders the train_csynth split, through a real
csound process:  /usr/bin/python3 -m unittest discover -s models/data -p 'test_*.py'
(PythonUnitTest in the models module runs them in mvn verify; .ci/run installs csound)."""

import tempfile
import unittest

import numpy as np

import csound_synth
import phrases
import render

RATE = csound_synth.RATE
FAMILY = {program: family for family, programs in render.FAMILIES for program in programs}
SLOT = 1.5  # seconds per test note: 1 s held, then its release and silence


def midi_hz(pitch):
    return 440.0 * 2.0 ** ((pitch - 69) / 12.0)


def render_notes(notes, colour=0.5):
    """notes: (program, pitch) each held 1 s from the start of its SLOT; returns the group's audio."""
    phrases = [(program, [(0.0, 1.0, pitch, 100)]) for program, pitch in notes]
    starts = [i * SLOT for i in range(len(notes))]
    with tempfile.TemporaryDirectory() as workdir:
        return csound_synth.render(phrases, starts, [colour] * len(notes), workdir, "test")


def peak_frequency(x):
    seg = x * np.hanning(len(x))
    spectrum = np.abs(np.fft.rfft(seg, 4 * len(x)))
    spectrum[: int(20 * 4 * len(x) / RATE)] = 0  # below 20 Hz
    return np.fft.rfftfreq(4 * len(x), 1 / RATE)[np.argmax(spectrum)]


def centroid(x):
    spectrum = np.abs(np.fft.rfft(x))
    return float((np.fft.rfftfreq(len(x), 1 / RATE) * spectrum).sum() / spectrum.sum())


class CsoundSynthTest(unittest.TestCase):
    def test_csound_is_installed(self):
        self.assertIsNone(csound_synth.missing())

    def test_every_program_of_the_eleven_families_has_an_instrument(self):
        self.assertEqual(csound_synth.available(), set(FAMILY))

    def test_every_program_sounds_at_its_note(self):
        """Each program's note, in the middle of its family's range, is finite, audible and has its strongest
        partial at a harmonic of the note (or half of it: FM and organ sub-octaves)."""
        notes = []
        for program in sorted(FAMILY):
            lo, hi = phrases.program_range(FAMILY[program], program)
            notes.append((program, (lo + hi) // 2))
        audio = render_notes(notes)
        self.assertTrue(np.all(np.isfinite(audio)))
        off_pitch = []
        for i, (program, pitch) in enumerate(notes):
            held = audio[int((i * SLOT + 0.1) * RATE):int((i * SLOT + 0.9) * RATE)]
            self.assertGreater(np.abs(held).max(), 1e-3, f"program {program} is silent")
            ratio = peak_frequency(held) / midi_hz(pitch)
            if abs(2 * ratio - round(2 * ratio)) > 0.06 * ratio:
                off_pitch.append((program, round(ratio, 2)))
        self.assertEqual(off_pitch, [], "strongest partial not at a (half-)harmonic of the note")

    def test_notes_start_on_time_and_the_gap_after_them_is_quiet(self):
        audio = render_notes([(0, 60), (24, 52), (56, 67), (80, 72)])
        for i in range(4):
            t0 = int(i * SLOT * RATE)
            if i:
                self.assertLess(np.abs(audio[t0 - 2205:t0]).max(), 1e-3, f"note {i}: sound before its start")
            self.assertGreater(np.abs(audio[t0:t0 + 4410]).max(), 1e-3, f"note {i}: silent after its start")

    def test_colour_changes_the_timbre_not_the_pitch(self):
        programs = [24, 40, 81]
        dull = render_notes([(p, 57) for p in programs], colour=0.0)
        bright = render_notes([(p, 57) for p in programs], colour=0.95)
        for i, program in enumerate(programs):
            a = dull[int((i * SLOT + 0.1) * RATE):int((i * SLOT + 0.9) * RATE)]
            b = bright[int((i * SLOT + 0.1) * RATE):int((i * SLOT + 0.9) * RATE)]
            self.assertGreater(abs(centroid(a) / centroid(b) - 1), 0.05, f"program {program}")
            ra, rb = peak_frequency(a) / midi_hz(57), peak_frequency(b) / midi_hz(57)
            self.assertAlmostEqual(ra, round(ra), delta=0.05 * ra, msg=f"program {program}")
            self.assertAlmostEqual(rb, round(rb), delta=0.05 * rb, msg=f"program {program}")

    def test_rendering_is_deterministic(self):
        notes = [(0, 48), (46, 60), (73, 79)]
        np.testing.assert_array_equal(render_notes(notes), render_notes(notes))


if __name__ == "__main__":
    unittest.main()
