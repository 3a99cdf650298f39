#!/usr/bin/python3
"""Renders the training/validation/test audio of the shipped models with fluidsynth (deterministic, seeded).

Each split renders ONE long MIDI file per instrument family (phrases separated by silent gaps, program
changes between phrases) with one fluidsynth process, then slices it into clips:

  train        FluidR3_GM.sf2   instrument-family clips, 2.0 s at 44.1 kHz
  val, test    TimGM6mb.sf2     instrument-family clips, 2.0 s at 44.1 kHz (different seeds)
  piano_train  FluidR3_GM.sf2   piano phrases (GM programs 0-2), 4.0 s, resampled to 16 kHz
  piano_test   TimGM6mb.sf2     piano phrases, 4.0 s at 16 kHz
  piano_train_musescore, piano_train_freepats, piano_train_csound, piano_train_tonejs
               piano phrases from four more sample sets (the grand pianos each holds), 4.0 s at 16 kHz,
               for the continuation model's --extra-train (rendered with --splits)
  piano_train_pedal, piano_train_pedal_musescore, piano_train_pedal_freepats, piano_train_pedal_csound
               new piano phrases played with the sustain pedal (phrases.piano_phrase(pedal=True)), 4.0 s at 16 kHz,
               for --extra-train (rendered with --splits)
  train_musescore  MuseScore_General_Full.sf2  more instrument-family training clips, 2.0 s at 44.1 kHz
  train_csound     sf_GMbank.sf2               (csound-soundfont) more training clips
  train_opl3       OPL-3_FM_128M.sf2           (opl3-soundfont, FM synthesis) more training clips
  train_freepats   freepats (GUS patches)      rendered with timidity, only the 72 melodic programs the set
                                               holds (every family has some), more training clips
  train_gervill    the JDK's Gervill synth     its generated "emergency" instruments (no recorded samples),
                                               rendered by GervillRender.java, more training clips
  train_tonejs     tonejs-instruments          recordings of 20 real instruments, one file per sampled note
                                               (get-tonejs-samples.sh), played by sampler.py; 9 families
                                               (no voice or synth lead recordings), more training clips
  train_csynth     Csound's own instruments    physical-model, FM and subtractive synthesis, no samples
                                               (csound_synth.py; apt-get install csound), more training clips

The shipped classifier trains on the first six training sample sets (train_tonejs and train_csynth, rendered
with --splits, were tried on top and did not help): one soundfont does not generalise to another's
recorded samples. None of them shares samples with TimGM6mb, so validation and test still measure
generalisation to an unseen soundfont.

Output under models/data/out/ (git-ignored): <split>.npz with `clips` int16 [n, L] (each clip peak-normalised
to PEAK), `labels` int64 (family index, or program for piano), `programs`, `sample_rate`; the test splits
also as 16-bit WAV files plus an index CSV (for re-measuring through ONNX).

Usage: /usr/bin/python3 models/data/render.py [--out models/data/out] [--smoke] [--splits train,val,...]
"""

import argparse
import csv
import functools
import os
import shutil
import sys
import tempfile
import time
import wave
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csound_synth  # noqa: E402
import sampler  # noqa: E402
import synths  # noqa: E402
from smf import Track  # noqa: E402
from phrases import family_phrase, piano_phrases  # noqa: E402

FLUID_R3 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
TIM_GM = "/usr/share/sounds/sf2/TimGM6mb.sf2"
CSOUND_GM = "/usr/share/sounds/sf2/sf_GMbank.sf2"  # apt-get install csound-soundfont
MUSESCORE_GM = "/usr/share/sounds/sf2/MuseScore_General_Full.sf2"  # apt-get install musescore-general-soundfont-lossless
OPL3_GM = "/usr/share/sounds/sf2/OPL-3_FM_128M.sf2"  # apt-get install opl3-soundfont
FREEPATS = "/etc/timidity/freepats.cfg"  # apt-get install freepats timidity (a timidity config, not an sf2)
GERVILL = synths.GERVILL
# recorded single notes of 20 real instruments, played by sampler.py (bash models/data/get-tonejs-samples.sh)
TONEJS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "tonejs")
TONEJS = "tonejs:" + TONEJS_DIR
CSYNTH = "csound:synthesised"  # Csound's physical-model, FM and subtractive instruments (csound_synth.py)
RENDER_RATE = 44100
PIANO_RATE = 16000
PEAK = 0.5  # stored clips are peak-normalised to this level
GAP_SECONDS = 1.5

FAMILIES = [
    ("keyboard", range(0, 8)),
    ("mallet", range(8, 16)),
    ("organ", range(16, 24)),
    ("guitar", range(24, 32)),
    ("bass", range(32, 40)),
    ("strings", range(40, 52)),
    ("voice", range(52, 55)),
    ("brass", range(56, 64)),
    ("reed", range(64, 72)),
    ("pipe", range(72, 80)),
    ("synth_lead", range(80, 88)),
]
LABELS = [name for name, _ in FAMILIES]

PIANO_PROGRAMS = (0, 1, 2)  # acoustic, bright acoustic and electric grand
PIANO_NAMES = ["acoustic_grand", "bright_acoustic", "electric_grand"]  # wav file names, by program

# split -> (soundfont, seed, phrases per family (or total for piano), clip seconds)
SPLITS = {
    "train": (FLUID_R3, 1001, 320, 2.0),
    "val": (TIM_GM, 2002, 40, 2.0),
    "test": (TIM_GM, 3003, 100, 2.0),
    "piano_train": (FLUID_R3, 4004, 480, 4.0),
    "piano_test": (TIM_GM, 5005, 60, 4.0),
    # further piano training sets for the continuation model (--extra-train); the programs each set holds
    "piano_train_musescore": (MUSESCORE_GM, 4104, 480, 4.0),
    "piano_train_freepats": (FREEPATS, 4204, 480, 4.0),
    "piano_train_csound": (CSOUND_GM, 4304, 480, 4.0),
    "piano_train_tonejs": (TONEJS, 4404, 480, 4.0),
    # the same sample sets played with the sustain pedal (phrases.piano_phrase(pedal=True)), new phrases
    "piano_train_pedal": (FLUID_R3, 4504, 480, 4.0),
    "piano_train_pedal_musescore": (MUSESCORE_GM, 4604, 480, 4.0),
    "piano_train_pedal_freepats": (FREEPATS, 4704, 480, 4.0),
    "piano_train_pedal_csound": (CSOUND_GM, 4804, 480, 4.0),
    # further training soundfonts for the classifier (none of them shares samples with TimGM6mb)
    "train_csound": (CSOUND_GM, 6006, 160, 2.0),
    "train_musescore": (MUSESCORE_GM, 7007, 320, 2.0),
    "train_opl3": (OPL3_GM, 8008, 160, 2.0),
    "train_freepats": (FREEPATS, 9009, 160, 2.0),
    "train_gervill": (GERVILL, 10010, 160, 2.0),
    "train_tonejs": (TONEJS, 11011, 160, 2.0),
    "train_csynth": (CSYNTH, 12012, 160, 2.0),
}
DEFAULT_SPLITS = ["train", "train_musescore", "train_csound", "train_opl3", "train_freepats", "train_gervill",
                  "val", "test", "piano_train", "piano_test"]
SMOKE_COUNTS = {"train": 4, "val": 2, "test": 2, "piano_train": 6, "piano_test": 4, "train_csound": 2,
                "piano_train_musescore": 4, "piano_train_freepats": 4, "piano_train_csound": 4,
                "piano_train_tonejs": 4, "piano_train_pedal": 4, "piano_train_pedal_musescore": 4,
                "piano_train_pedal_freepats": 4, "piano_train_pedal_csound": 4,
                "train_musescore": 2, "train_opl3": 2, "train_freepats": 2, "train_gervill": 2, "train_tonejs": 2,
                "train_csynth": 2}


def phrase_starts(count, clip_seconds):
    """Each phrase's start in a group's rendering, in seconds: one clip and a silent gap apart."""
    return [0.5 + i * (clip_seconds + GAP_SECONDS) for i in range(count)]


def build_midi(phrases, clip_seconds):
    """phrases: list of (program, notes). Returns the Track and each clip's start time in seconds."""
    track = Track()
    starts = phrase_starts(len(phrases), clip_seconds)
    for (program, notes), t0 in zip(phrases, starts):
        track.controller(t0 - 0.05, 0, 120, 0)  # all sound off: cut the previous phrase's tail
        track.controller(t0 - 0.04, 0, 121, 0)  # reset controllers
        track.program(t0 - 0.03, 0, program)
        for start, end, pitch, vel in notes:
            track.note(t0 + start, t0 + end, 0, pitch, vel)
    track.controller(starts[-1] + clip_seconds + GAP_SECONDS, 0, 123, 0)  # all notes off at the very end
    return track, starts


def source_missing(soundfont):
    """Why a split's sample set cannot render here, or None."""
    if soundfont == GERVILL:
        return None if shutil.which("java") else "java (a JDK, 17 or later) not on the PATH"
    if soundfont == CSYNTH:
        return csound_synth.missing()
    if soundfont == TONEJS:
        if not tonejs_library().programs():
            return f"tonejs-instruments samples missing in {TONEJS_DIR} (bash models/data/get-tonejs-samples.sh)"
        return None if shutil.which("mpg123") else "mpg123 (MP3 decoder) not on the PATH: apt-get install -y mpg123"
    return None if os.path.exists(soundfont) else f"soundfont {soundfont} missing"


def slice_clips(audio, starts, clip_seconds):
    n = int(round(clip_seconds * RENDER_RATE))
    clips = []
    for t0 in starts:
        a = int(round(t0 * RENDER_RATE))
        clip = audio[a:a + n]
        if len(clip) < n:
            clip = np.pad(clip, (0, n - len(clip)))
        clips.append(clip)
    return np.stack(clips)


def normalise(clips):
    peaks = np.abs(clips).max(axis=1)
    keep = peaks > 1e-4
    out = clips[keep] / peaks[keep, None] * PEAK
    return np.round(out * 32767).astype(np.int16), keep


@functools.cache
def tonejs_library():
    """One sample library per process: each instrument's recordings are decoded once, on first use."""
    return sampler.Library(TONEJS_DIR, RENDER_RATE)


def render_group(soundfont, phrases, clip_seconds, workdir, tag):
    if soundfont == TONEJS:  # no MIDI: the sample player renders each phrase itself
        return np.stack([tonejs_library().render(program, notes, clip_seconds) for program, notes in phrases])
    if soundfont == CSYNTH:  # a Csound score instead of MIDI, one timbre `colour` per phrase
        starts = phrase_starts(len(phrases), clip_seconds)
        colours = np.random.default_rng(list(tag.encode())).random(len(phrases))
        return slice_clips(csound_synth.render(phrases, starts, colours, workdir, tag), starts, clip_seconds)
    track, starts = build_midi(phrases, clip_seconds)
    midi_path = os.path.join(workdir, tag + ".mid")
    raw_path = os.path.join(workdir, tag + ".f32")
    track.write(midi_path)
    audio = synths.render_midi(soundfont, midi_path, raw_path, RENDER_RATE)
    os.remove(raw_path)
    return slice_clips(audio, starts, clip_seconds)


def family_split(name, soundfont, seed, per_family, clip_seconds, workdir, pool):
    jobs = []
    available = available_programs(soundfont)
    for fam_index, (family, programs) in enumerate(FAMILIES):
        rng = np.random.default_rng([seed, fam_index])
        progs = [p for p in programs if p in available]
        if not progs and soundfont == TONEJS:
            print(f"{name}: no {family} recording in the set, none rendered", flush=True)
            continue
        if not progs:
            raise RuntimeError(f"{soundfont} has no program of family {family}")
        phrases = []
        for i in range(per_family):
            program = progs[i % len(progs)]
            phrases.append((program, family_phrase(rng, family, program, clip_seconds)))
        jobs.append((fam_index, phrases, pool.submit(render_group, soundfont, phrases, clip_seconds, workdir,
                                                     f"{name}_{family}")))
    clips, labels, programs = [], [], []
    for fam_index, phrases, fut in jobs:
        c = fut.result()
        clips.append(c)
        labels += [fam_index] * len(c)
        programs += [p for p, _ in phrases]
    return np.concatenate(clips), np.array(labels), np.array(programs), RENDER_RATE


def available_programs(soundfont):
    if soundfont == TONEJS:
        return tonejs_library().programs()
    if soundfont == CSYNTH:
        return csound_synth.available()
    return synths.timidity_programs(soundfont) if soundfont.endswith(".cfg") else set(range(128))


def piano_split(name, soundfont, seed, count, clip_seconds, workdir, pool):
    progs = [p for p in PIANO_PROGRAMS if p in available_programs(soundfont)]
    if not progs:
        raise RuntimeError(f"{soundfont} has no piano (GM programs {PIANO_PROGRAMS})")
    halves = []
    for part in range(2):  # two MIDI files so both cores render
        phrases = piano_phrases(seed, part, count // 2, progs, clip_seconds, pedal="_pedal" in name)
        halves.append((phrases, pool.submit(render_group, soundfont, phrases, clip_seconds, workdir,
                                            f"{name}_{part}")))
    clips, programs = [], []
    for phrases, fut in halves:
        clips.append(fut.result())
        programs += [p for p, _ in phrases]
    clips = np.concatenate(clips)
    clips = resample_poly(clips, PIANO_RATE // 100, RENDER_RATE // 100, axis=1)
    programs = np.array(programs)
    return clips, programs, programs, PIANO_RATE


def write_wavs(directory, clips, labels, rate, names):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "index.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "label", "label_index"])
        for i, (clip, lab) in enumerate(zip(clips, labels)):
            fname = f"{i:05d}_{names[lab]}.wav"
            with wave.open(os.path.join(directory, fname), "wb") as wf:
                wf.setnchannels(1)
                wf.setsampwidth(2)
                wf.setframerate(rate)
                wf.writeframes(clip.astype("<i2").tobytes())
            w.writerow([fname, names[lab], int(lab)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    ap.add_argument("--splits", default=",".join(DEFAULT_SPLITS),
                    help=f"comma-separated, from {list(SPLITS)}")
    ap.add_argument("--smoke", action="store_true", help="a few phrases per split (seconds)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    splits = args.splits.split(",")
    for sf in sorted({SPLITS[name][0] for name in splits}):
        missing = source_missing(sf)
        if missing and sf == TONEJS:
            sys.exit(missing)
        if missing:
            sys.exit(f"{missing}: apt-get install -y fluid-soundfont-gm timgm6mb-soundfont "
                     f"musescore-general-soundfont-lossless csound-soundfont opl3-soundfont freepats timidity")
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.out) as workdir, ThreadPoolExecutor(args.workers) as pool:
        for name in splits:
            soundfont, seed, count, clip_seconds = SPLITS[name]
            if args.smoke:
                count = SMOKE_COUNTS[name]
            t = time.time()
            split_fn = piano_split if name.startswith("piano") else family_split
            clips, labels, programs, rate = split_fn(name, soundfont, seed, count, clip_seconds, workdir, pool)
            clips16, keep = normalise(clips)
            labels, programs = labels[keep], programs[keep]
            path = os.path.join(args.out, name + ".npz")
            np.savez(path, clips=clips16, labels=labels, programs=programs, sample_rate=rate)
            if name.endswith("test"):
                names = LABELS if name == "test" else PIANO_NAMES
                write_wavs(os.path.join(args.out, name + "_wav"), clips16, labels, rate, names)
            print(f"{name}: {len(clips16)} clips of {clips16.shape[1]} samples at {rate} Hz from "
                  f"{os.path.basename(soundfont)} ({(~keep).sum()} silent dropped) in {time.time() - t:.1f} s",
                  flush=True)


if __name__ == "__main__":
    main()
