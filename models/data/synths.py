"""The synthesizers that render.py's MIDI files go through: fluidsynth (SoundFonts), timidity (GUS patch
sets such as freepats) and the JDK's Gervill (GervillRender.java), each with reverb and chorus off."""

import os
import subprocess
import wave

import numpy as np

GERVILL = "gervill:emergency"  # the JDK's synthesizer with the instruments it generates (GervillRender.java)
GERVILL_RENDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "GervillRender.java")


def timidity_programs(cfg):
    """The melodic programs a timidity config defines in bank 0 (lines `PROGRAM PATCH.pat ...`)."""
    programs, in_bank0 = set(), False
    with open(cfg) as f:
        for line in f:
            words = line.split("#")[0].split()
            if not words:
                continue
            if words[0] in ("bank", "drumset"):
                in_bank0 = words[0] == "bank" and words[1:2] == ["0"]
            elif in_bank0 and words[0].isdigit() and len(words) > 1:
                programs.add(int(words[0]))
    return programs


def render_midi(soundfont, midi_path, raw_path, rate):
    """A MIDI file rendered by the split's synthesizer: mono float32 at `rate` from time 0."""
    if soundfont.endswith(".cfg"):
        return render_timidity(soundfont, midi_path, raw_path, rate)
    if soundfont == GERVILL:
        return render_gervill(midi_path, raw_path, rate)
    cmd = ["fluidsynth", "-q", "-n", "-i", "-R", "0", "-C", "0", "-g", "0.4", "-r", str(rate),
           "-o", "synth.cpu-cores=1", "-T", "raw", "-O", "float", "-E", "little", "-F", raw_path,
           soundfont, midi_path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stereo = np.fromfile(raw_path, dtype="<f4").reshape(-1, 2)
    return stereo.mean(axis=1)


def render_timidity(cfg, midi_path, wav_path, rate):
    """timidity with only this config, mono 16-bit at rate from time 0 (it drops leading silence by
    default, which would shift every clip), its reverb and chorus off (as fluidsynth's)."""
    cmd = ["timidity", "-c", cfg, "-Ow", "--output-mono", "--preserve-silence", "-s", str(rate),
           "-A", "50", "-EFreverb=d", "-EFchorus=d", "-o", wav_path, midi_path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with wave.open(wav_path, "rb") as wf:
        if wf.getframerate() != rate or wf.getnchannels() != 1 or wf.getsampwidth() != 2:
            raise RuntimeError(f"timidity wrote {wf.getframerate()} Hz x {wf.getnchannels()} x "
                               f"{8 * wf.getsampwidth()} bit, expected {rate} Hz mono 16 bit")
        return np.frombuffer(wf.readframes(wf.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def render_gervill(midi_path, raw_path, rate):
    """The JDK's Gervill synthesizer through GervillRender.java (run as a single-file source program), mono
    float32 at rate from time 0, reverb and chorus off."""
    cmd = ["java", "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
           "--add-opens", "java.base/java.lang=ALL-UNNAMED",  # to seed Math.random (GervillRender.java)
           GERVILL_RENDER, midi_path, raw_path, str(rate)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return np.fromfile(raw_path, dtype="<f4")
