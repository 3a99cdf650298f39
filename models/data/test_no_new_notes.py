"""Tests of no_new_notes.py's phrase edits (the rendering itself is render.py's):
/usr/bin/python3 -m unittest discover -s models/data -p 'test_*.py'."""

import unittest

import no_new_notes

NOTES = [(0.0, 0.8, 60, 90), (0.7, 2.4, 64, 80), (1.9, 2.1, 43, 70), (2.0, 2.6, 67, 85), (2.5, 3.8, 65, 85)]


class AfterPromptTest(unittest.TestCase):
    def test_real_keeps_every_note(self):
        self.assertEqual(no_new_notes.after_prompt(NOTES, 2.0, "real", 4.0), NOTES)

    def test_released_strikes_nothing_from_the_prompts_end_and_keeps_note_offs(self):
        self.assertEqual(no_new_notes.after_prompt(NOTES, 2.0, "released", 4.0), NOTES[:3])

    def test_held_also_holds_what_sounds_at_the_prompts_end(self):
        self.assertEqual(no_new_notes.after_prompt(NOTES, 2.0, "held", 4.0),
                         [(0.0, 0.8, 60, 90), (0.7, 4.0, 64, 80), (1.9, 4.0, 43, 70)])

    def test_an_unknown_variant_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "variant must be one of"):
            no_new_notes.after_prompt(NOTES, 2.0, "muted", 4.0)


class CutAtTest(unittest.TestCase):
    def test_a_fixed_prompt_length_without_into_note(self):
        self.assertEqual(no_new_notes.cut_at(NOTES, 2.0, None), 2.0)

    def test_into_note_ends_the_prompt_inside_the_first_note_struck_from_then_on(self):
        self.assertAlmostEqual(no_new_notes.cut_at(NOTES, 1.0, 0.01), 1.91)
        self.assertAlmostEqual(no_new_notes.cut_at(NOTES, 2.0, 0.01), 2.01)  # a note at exactly 2.0 counts
        self.assertIsNone(no_new_notes.cut_at(NOTES, 3.0, 0.01))

    def test_the_note_the_prompt_ends_in_is_kept_and_carried_on(self):
        cut = no_new_notes.cut_at(NOTES, 2.0, 0.01)
        self.assertEqual(no_new_notes.after_prompt(NOTES, cut, "released", 4.0), NOTES[:4])
        self.assertEqual(no_new_notes.after_prompt(NOTES, cut, "held", 4.0)[3], (2.0, 4.0, 67, 85))


class TestPhrasesTest(unittest.TestCase):
    def test_the_test_splits_phrases_are_reproduced_and_play_on_past_the_prompt(self):
        first, _, clip_seconds = no_new_notes.test_phrases(30)
        again, _, _ = no_new_notes.test_phrases(5)
        self.assertEqual(again, first[:5])
        self.assertEqual(clip_seconds, 4.0)
        # nearly every phrase strikes a note after 2 s, which is what `released` takes away
        struck_late = sum(any(s >= 2.0 for s, _, _, _ in notes) for _, notes in first)
        self.assertGreaterEqual(struck_late, 25)

    def test_more_phrases_than_the_first_midi_file_holds_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "holds 30 phrases"):
            no_new_notes.test_phrases(31)


if __name__ == "__main__":
    unittest.main()
