#!/usr/bin/python3
"""What the pitch measure gives a continuation that strikes no new note: renders TimGM6mb piano test phrases
(the piano_test split, the same seed, soundfont and level as render.py) once as they are and twice with no
note struck after the prompt ends, and writes each prompt and the three ways on from it.

  /usr/bin/python3 models/data/no_new_notes.py --out DIR [--prompt-seconds 2] [--into-note MS] [--phrases 30]
  ./s4stream pitch DIR/real/*.wav        # the audio that really followed each prompt
  ./s4stream pitch DIR/released/*.wav    # no new note; the sounding ones end when they did
  ./s4stream pitch DIR/held/*.wav        # no new note; the sounding ones held to the end
  ./s4stream continue DIR/prompts/F.wav --seconds S --out GEN/F.wav ...; ./s4stream pitch GEN/*.wav

Each prompt is the phrase up to --prompt-seconds, or with --into-note up to MS milliseconds into the first
note struck at or after --prompt-seconds (phrases that strike none are left out), so that a continuation
is given the start of a note and has to carry it on. `released` is the best a continuation can do that
carries on the notes sounding at the end of the prompt exactly, damper and all, but never strikes one;
`held` is one that also never lets a note go. Files are scaled by the gain of their real phrase
(render.normalise), so all variants share levels; `real` re-renders the stored phrase (to within a unit of
the last place).
"""

import argparse
import os
import sys
import tempfile
import wave

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phrases  # noqa: E402
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
    return phrases.piano_phrases(seed, 0, total // 2, programs, clip_seconds)[:count], soundfont, clip_seconds


def cut_at(notes, prompt_seconds, into_note):
    """Where the prompt of a phrase ends, in seconds: prompt_seconds, or into_note seconds after the first
    note that starts at or after it (None if there is none)."""
    if into_note is None:
        return prompt_seconds
    later = sorted(start for start, _, _, _ in notes if start >= prompt_seconds)
    return later[0] + into_note if later else None


def write_wav(path, pcm):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(render.PIANO_RATE)
        w.writeframes(pcm.astype("<i2").tobytes())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prompt-seconds", type=float, default=2.0)
    ap.add_argument("--into-note", type=float, metavar="MS",
                    help="end each prompt MS milliseconds into the first note struck at or after --prompt-seconds")
    ap.add_argument("--phrases", type=int, default=30)
    args = ap.parse_args(argv)
    phrases, soundfont, clip_seconds = test_phrases(args.phrases)
    missing = render.source_missing(soundfont)
    if missing:
        sys.exit(f"{missing}: apt-get install -y fluidsynth timgm6mb-soundfont")
    into = None if args.into_note is None else args.into_note / 1000
    cuts = [cut_at(notes, args.prompt_seconds, into) for _, notes in phrases]
    files = [f"{i:05d}_{render.PIANO_NAMES[render.PIANO_PROGRAMS.index(p)]}.wav" for i, (p, _) in enumerate(phrases)]
    for directory in ("prompts",) + VARIANTS:
        os.makedirs(os.path.join(args.out, directory), exist_ok=True)
    gains = None
    with tempfile.TemporaryDirectory() as workdir:
        for variant in VARIANTS:
            varied = [(program, after_prompt(notes, cut if cut is not None else clip_seconds, variant, clip_seconds))
                      for (program, notes), cut in zip(phrases, cuts)]
            clips = render.render_group(soundfont, varied, clip_seconds, workdir, variant)
            clips = resample_poly(clips, render.PIANO_RATE // 100, render.RENDER_RATE // 100, axis=1)
            if gains is None:  # VARIANTS[0] is real: its peaks set every variant's gain
                gains = render.PEAK / np.abs(clips).max(axis=1)
            pcm = np.clip(np.round(clips * gains[:, None] * 32767), -32768, 32767).astype(np.int16)
            for i, cut in enumerate(cuts):
                if cut is None:
                    continue
                at = int(round(cut * render.PIANO_RATE))
                if variant == "real":
                    write_wav(os.path.join(args.out, "prompts", files[i]), pcm[i, :at])
                write_wav(os.path.join(args.out, variant, files[i]), pcm[i, at:])
        kept = sum(cut is not None for cut in cuts)
        print(f"{kept} of {len(phrases)} phrases: prompts and what follows them (real, released, held) "
              f"-> {args.out}", flush=True)


if __name__ == "__main__":
    main()
