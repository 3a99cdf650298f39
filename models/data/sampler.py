"""A small sample player for the train_tonejs split (render.py): renders note phrases from a library of
recorded single notes, one file per sampled pitch (the tonejs-instruments recordings installed by
get-tonejs-samples.sh), the way a SoundFont player would, but without a SoundFont.

Each note plays the recording of the nearest sampled pitch (moved by whole octaves into the sampled
range first), resampled to the note's pitch (linear interpolation), scaled by velocity, held to the
note's end and then faded out with a short exponential release. Phrases come from phrases.py's
family_phrase(), so the notes are drawn exactly as for the SoundFont splits."""

import os
import re
import subprocess
import wave

import numpy as np

# tonejs-instruments name -> the General MIDI program whose family it belongs to (render.FAMILIES).
# Voice and synth lead have no recording in the set.
PROGRAMS = {
    "piano": 0, "xylophone": 13, "organ": 19, "harmonium": 20, "guitar-nylon": 24, "guitar-acoustic": 25,
    "guitar-electric": 27, "bass-electric": 33, "violin": 40, "cello": 42, "contrabass": 43, "harp": 46,
    "trumpet": 56, "trombone": 57, "tuba": 58, "french-horn": 60, "saxophone": 65, "bassoon": 70,
    "clarinet": 71, "flute": 73,
}
NOTE = re.compile(r"^([A-G])(s?)(-?\d)\.(mp3|wav)$")
PITCH_CLASS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
RELEASE_SECONDS = 0.12
ONSET_LEVEL = 0.01  # a recording starts where it first reaches 1 % of its peak (MP3 encoder delay, room noise)


def note_number(file_name):
    """MIDI note of a sample file name such as "Cs4.mp3" (C#4 = 61, A4 = 69; .wav also), or None."""
    m = NOTE.match(file_name)
    if not m:
        return None
    letter, sharp, octave, _ = m.groups()
    return (int(octave) + 1) * 12 + PITCH_CLASS[letter] + (1 if sharp else 0)


def decode_mp3(path, rate):
    """Mono float32 at `rate` through mpg123 (its own resampler when the file's rate differs)."""
    proc = subprocess.run(["mpg123", "-q", "-m", "-r", str(rate), "-e", "s16", "-s", path], check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return np.frombuffer(proc.stdout, dtype="<i2").astype(np.float32) / 32768.0


def read_wav(path, rate):
    """Mono 16-bit PCM WAV at `rate` (the format the tests write) as float32."""
    with wave.open(path, "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, rate):
            raise ValueError(f"{path}: expected mono 16-bit PCM at {rate} Hz")
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def load_instrument(directory, rate):
    """{MIDI note: float32 recording from its onset} of one instrument's directory."""
    notes = {}
    for name in sorted(os.listdir(directory)):
        pitch = note_number(name)
        if pitch is None:
            continue
        path = os.path.join(directory, name)
        x = decode_mp3(path, rate) if name.endswith(".mp3") else read_wav(path, rate)
        peak = np.abs(x).max()
        if peak <= 0:
            raise RuntimeError(f"{directory}/{name} is silent")
        onset = int(np.argmax(np.abs(x) >= ONSET_LEVEL * peak))
        notes[pitch] = x[max(0, onset - int(0.002 * rate)):] / peak
    if not notes:
        raise RuntimeError(f"no note samples (like A4.mp3) in {directory}")
    return notes


class Library:
    """The installed instruments of a tonejs-instruments directory, loaded on first use."""

    def __init__(self, root, rate):
        self.root, self.rate, self._loaded = root, rate, {}

    def programs(self):
        return {p for name, p in PROGRAMS.items() if os.path.isdir(os.path.join(self.root, name))}

    def instrument(self, program):
        name = next(n for n, p in PROGRAMS.items() if p == program)
        if name not in self._loaded:
            self._loaded[name] = load_instrument(os.path.join(self.root, name), self.rate)
        return self._loaded[name]

    def render(self, program, notes, seconds):
        """One phrase (notes as (start, end, pitch, velocity), seconds from the clip start) as float32."""
        rate = self.rate
        samples = self.instrument(program)
        sampled = np.array(sorted(samples))
        out = np.zeros(int(round(seconds * rate)), np.float64)
        release = np.exp(-np.arange(int(4 * RELEASE_SECONDS * rate)) / (RELEASE_SECONDS * rate))
        for start, end, pitch, velocity in notes:
            while pitch < sampled[0] - 6:
                pitch += 12
            while pitch > sampled[-1] + 6:
                pitch -= 12
            source = int(sampled[np.argmin(np.abs(sampled - pitch))])
            x = samples[source]
            step = 2.0 ** ((pitch - source) / 12.0)
            a = int(round(start * rate))
            hold = int(round((end - start) * rate))
            n = min(len(out) - a, hold + len(release), int((len(x) - 1) / step))
            if n <= 0:
                continue
            tone = np.interp(np.arange(n) * step, np.arange(len(x)), x)
            envelope = np.ones(n)
            if n > hold:
                envelope[hold:] = release[:n - hold]
            out[a:a + n] += tone * envelope * (velocity / 127.0) ** 1.5
        return out.astype(np.float32)
