"""Tests of phrases.py's recipes (not the rendering): /usr/bin/python3 -m unittest discover -s models/data
-p 'test_*.py'."""

import unittest

import numpy as np

import phrases
import render


def phrase(seed, pedal):
    return phrases.piano_phrase(np.random.default_rng(seed), 4.0, pedal)


class PianoPedalTest(unittest.TestCase):
    def test_the_pedal_keeps_the_notes_and_only_lengthens_them(self):
        for seed in range(20):
            dry, wet = phrase(seed, False), phrase(seed, True)
            self.assertEqual([n[0::2] for n in wet], [n[0::2] for n in dry])  # starts, velocities
            self.assertEqual([n[2] for n in wet], [n[2] for n in dry])  # pitches
            for (_, end, _, _), (_, held, _, _) in zip(dry, wet):
                self.assertGreaterEqual(held, end)
                self.assertLessEqual(held, 4.0 - 0.2)  # the phrase's last note-off stays where it was

    def test_notes_released_between_two_changes_sound_until_the_later_one(self):
        lengthened = 0
        for seed in range(20):
            dry, wet = phrase(seed, False), phrase(seed, True)
            ends = sorted({n[1] for n, d in zip(wet, dry) if n[1] > d[1] and n[1] < 4.0 - 0.2})
            # each change point is 1-2.5 s after the previous one, so two distinct held ends are >= 1 s apart
            self.assertTrue(all(b - a >= 1.0 - 1e-9 for a, b in zip(ends, ends[1:])), ends)
            lengthened += sum(n[1] > d[1] for n, d in zip(wet, dry))
        self.assertGreater(lengthened, 50)

    def test_the_test_phrases_are_still_the_ones_every_figure_was_measured_on(self):
        # piano_test's first phrase (seed 5005, first MIDI file), as render.py wrote it before the pedal existed
        program, notes = phrases.piano_phrases(5005, 0, 1, render.PIANO_PROGRAMS, 4.0)[0]
        self.assertEqual(program, 2)
        self.assertEqual([(round(s, 4), round(e, 4), p, v) for s, e, p, v in notes[:3]],
                         [(0.0129, 0.6289, 63, 57), (0.5969, 1.5238, 58, 62), (0.5969, 1.5238, 65, 62)])


if __name__ == "__main__":
    unittest.main()
