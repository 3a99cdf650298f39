#!/usr/bin/python3
"""What the rendered phrases play (render.py renders them): seeded note lists (start, end, pitch, velocity),
times in seconds from the phrase start. family_phrase() for the instrument-family clips (every sample set,
including sampler.py's and csound_synth.py's, draws its notes here), piano_phrase() for the continuation
model's piano phrases, with or without the sustain pedal."""

import numpy as np

# Playable MIDI pitch range per family, refined per program where instruments differ a lot.
FAMILY_RANGE = {
    "keyboard": (36, 96), "mallet": (55, 96), "organ": (36, 84), "guitar": (40, 76), "bass": (28, 55),
    "strings": (43, 84), "voice": (48, 79), "brass": (45, 79), "reed": (50, 84), "pipe": (60, 96),
    "synth_lead": (40, 84),
}
PROGRAM_RANGE = {
    11: (53, 89), 12: (45, 84), 13: (53, 89), 14: (60, 77),  # vibraphone, marimba, xylophone, tubular bells
    40: (55, 96), 41: (48, 84), 42: (36, 72), 43: (28, 55), 46: (36, 96), 47: (40, 55),  # strings
    56: (55, 82), 57: (40, 72), 58: (28, 55), 59: (55, 82), 60: (41, 77),  # brass
    64: (56, 87), 65: (49, 81), 66: (44, 75), 67: (36, 69), 68: (58, 91), 69: (52, 81), 70: (34, 72),
    71: (50, 91),  # reeds
    72: (74, 102), 73: (60, 96),  # piccolo, flute
}
# Probability that a note event is a chord (2-3 notes): "polyphony a little".
CHORD_P = {"keyboard": 0.3, "mallet": 0.15, "organ": 0.3, "guitar": 0.3, "bass": 0.05, "strings": 0.2,
           "voice": 0.1, "brass": 0.1, "reed": 0.05, "pipe": 0.05, "synth_lead": 0.1}


def program_range(family, program):
    return PROGRAM_RANGE.get(program, FAMILY_RANGE[family])


def family_phrase(rng, family, program, clip_seconds):
    """Notes (start, end, pitch, velocity), times relative to the clip start."""
    lo, hi = program_range(family, program)
    limit = clip_seconds - 0.15
    n_notes = int(rng.choice([1, 2, 3, 4, 5, 6, 8], p=[0.12, 0.13, 0.18, 0.18, 0.15, 0.12, 0.12]))
    sustained = rng.random() < 0.5
    base_vel = int(rng.integers(45, 121))
    pitch = int(rng.integers(lo, hi + 1))
    t = float(rng.uniform(0.0, 0.05))
    notes = []
    for i in range(n_notes):
        if n_notes == 1:
            dur = float(rng.uniform(0.4, limit - t))
        else:
            dur = float(rng.uniform(0.15, 0.8 if sustained else 0.4))
        end = min(t + dur, limit)
        if end - t < 0.06:
            break
        chord = [pitch]
        if rng.random() < CHORD_P[family]:
            for _ in range(int(rng.integers(1, 3))):
                p = chord[-1] + int(rng.choice([3, 4, 5, 7, 12]))
                if p <= hi + 5:
                    chord.append(p)
        vel = int(np.clip(base_vel + rng.integers(-12, 13), 20, 127))
        for p in chord:
            notes.append((t, end, p, vel))
        gap = float(rng.uniform(-0.02, 0.15)) if rng.random() < 0.7 else float(rng.uniform(0.15, 0.4))
        t = max(end + gap, t + 0.08)
        if t >= limit - 0.06:
            break
        pitch = int(np.clip(pitch + rng.integers(-7, 8), lo, hi))
    return notes


def piano_phrase(rng, clip_seconds, pedal=False):
    """A right-hand melody with chords plus occasional left-hand bass notes. With `pedal` the sustain pedal
    is down all through the phrase and changed (lifted and pressed again) every 1-2.5 s, as a pianist
    changes it with the harmony: a released key's note sounds on until the next change (the notes are the
    same as without it, given the same rng; the pedal draws come after them)."""
    limit = clip_seconds - 0.2
    notes = []
    base_vel = int(rng.integers(40, 111))
    pitch = int(rng.integers(55, 85))
    t = float(rng.uniform(0.0, 0.05))
    while t < limit - 0.1:
        dur = float(rng.uniform(0.1, 1.0))
        end = min(t + dur, limit)
        chord = [pitch]
        if rng.random() < 0.3:
            for _ in range(int(rng.integers(1, 3))):
                chord.append(chord[-1] + int(rng.choice([3, 4, 5, 7])))
        vel = int(np.clip(base_vel + rng.integers(-15, 16), 15, 127))
        for p in chord:
            notes.append((t, end, min(p, 108), vel))
        if rng.random() < 0.25:
            bass = int(rng.integers(28, 55))
            notes.append((t, min(t + float(rng.uniform(0.3, 1.5)), limit), bass, max(15, vel - 10)))
        t = end + (float(rng.uniform(-0.05, 0.1)) if rng.random() < 0.8 else float(rng.uniform(0.1, 0.5)))
        t = max(t, 0.0)
        pitch = int(np.clip(pitch + rng.integers(-9, 10), 40, 96))
    if pedal:
        changes = np.cumsum(rng.uniform(1.0, 2.5, size=int(np.ceil(clip_seconds)) + 1))
        notes = [(start, min(limit, float(changes[np.searchsorted(changes, end)])), p, v)
                 for start, end, p, v in notes]
    return notes


def piano_phrases(seed, part, count, programs, clip_seconds, pedal=False):
    """The phrases of one of a piano split's two MIDI files, as [(program, notes)]."""
    rng = np.random.default_rng([seed, part])
    return [(programs[int(rng.integers(0, len(programs)))], piano_phrase(rng, clip_seconds, pedal))
            for _ in range(count)]
