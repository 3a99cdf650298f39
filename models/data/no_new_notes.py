#!/usr/bin/python3
"""What the pitch measure gives a continuation that strikes no new note: renders TimGM6mb piano test phrases
(the piano_test split, the same seed, soundfont and level as render.py) once as they are and twice with no
note struck after the prompt ends.

  /usr/bin/python3 models/data/no_new_notes.py --out DIR [--prompt-seconds 2] [--phrases 30]
  ./s4stream pitch --from 2 DIR/real/*.wav        # the audio that really followed each prompt
  ./s4stream pitch --from 2 DIR/released/*.wav    # no new note; the sounding ones end when they did
  ./s4stream pitch --from 2 DIR/held/*.wav        # no new note; the sounding ones held to the end

`released` is the best a continuation can do that carries on the notes sounding at the end of the prompt
exactly, damper and all, but never strikes one; `held` is one that also never lets a note go. Each file is
scaled by the gain of its real phrase (render.normalise), so all three share levels; `real` re-renders the
stored phrase (to within a unit of the last place).
"""

import argparse
import os
import sys
import tempfile
import wave

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402

VARIANTS = ("real", "released", "held")


def after_prompt(notes, prompt_seconds, variant, clip_seconds):
    """notes [(start, end, pitch, velocity)] -> the phrase of `variant`: real keeps every note; released drops
    the notes that start at or after prompt_seconds; held also extends the notes still sounding at
    prompt_seconds to the clip's end."""
    if variant == "real":
        return list(notes)
    kept = [n for n in notes if n[0] < prompt_seconds]
    if variant == "released":
        return kept
    if variant == "held":
        return [(s, clip_seconds if e > prompt_seconds else e, p, v) for s, e, p, v in kept]
    raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")


def test_phrases(count):
    """The first `count` phrases of the piano_test split (render.piano_split's first half), as
    [(program, notes)]."""
    soundfont, seed, total, clip_seconds = render.SPLITS["piano_test"]
    if count > total // 2:
        raise ValueError(f"the first MIDI file of piano_test holds {total // 2} phrases, asked for {count}")
    programs = [p for p in render.PIANO_PROGRAMS if p in render.available_programs(soundfont)]
    rng = np.random.default_rng([seed, 0])
    phrases = [(programs[int(rng.integers(0, len(programs)))], render.piano_phrase(rng, clip_seconds))
               for _ in range(total // 2)]
    return phrases[:count], soundfont, clip_seconds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prompt-seconds", type=float, default=2.0)
    ap.add_argument("--phrases", type=int, default=30)
    args = ap.parse_args(argv)
    phrases, soundfont, clip_seconds = test_phrases(args.phrases)
    missing = render.source_missing(soundfont)
    if missing:
        sys.exit(f"{missing}: apt-get install -y fluidsynth timgm6mb-soundfont")
    names = ["acoustic_grand", "bright_acoustic", "electric_grand"]
    gains = None
    with tempfile.TemporaryDirectory() as workdir:
        for variant in VARIANTS:
            varied = [(program, after_prompt(notes, args.prompt_seconds, variant, clip_seconds))
                      for program, notes in phrases]
            clips = render.render_group(soundfont, varied, clip_seconds, workdir, variant)
            clips = resample_poly(clips, render.PIANO_RATE // 100, render.RENDER_RATE // 100, axis=1)
            if gains is None:  # VARIANTS[0] is real: its peaks set every variant's gain
                gains = render.PEAK / np.abs(clips).max(axis=1)
            pcm = np.clip(np.round(clips * gains[:, None] * 32767), -32768, 32767).astype(np.int16)
            directory = os.path.join(args.out, variant)
            render.write_wavs(directory, pcm, [render.PIANO_PROGRAMS.index(p) for p, _ in phrases],
                              render.PIANO_RATE, names)
            print(f"{variant}: {len(pcm)} phrases -> {directory}", flush=True)


if __name__ == "__main__":
    main()
