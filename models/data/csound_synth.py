"""Instruments that Csound synthesises, for the train_csynth split (render.py): physical models
(waveguide strings, bows, reeds, flutes and brass; a finite-difference piano; struck bars), FM
(electric pianos, organs, bells, voice), formant (FOF voices) and subtractive (analog-style synth)
instruments, one for every General MIDI program of the 11 families. None plays a recorded sample,
so the set is a timbre source independent of every soundfont, TimGM6mb included.

Phrases come from phrases.py's family_phrase(), so the notes are drawn exactly as for the SoundFont
splits; each phrase also gets a seeded `colour` in [0, 1) that moves one timbre parameter of its
instrument (pluck position, bow pressure, jet ratio, filter cutoff, FM index...), so the clips of one
program are not all one sound. A group of phrases renders as one Csound score (one process), which
render.py slices into clips like a SoundFont rendering. Needs `csound` (apt-get install -y csound).
"""

import os
import subprocess

import numpy as np
from scipy.io import wavfile

RATE = 44100

# p4 amplitude (0-1, from velocity), p5 frequency (Hz), p6 colour (0-1), p7 variant (per program)
ORCHESTRA = r"""
sr = 44100
ksmps = 32
nchnls = 1
0dbfs = 1
gisine ftgen 1, 0, 8192, 10, 1
giorgan ftgen 2, 0, 8192, 10, 1, 0.5, 0.4, 0.25, 0.2, 0.12, 0.1, 0.08
gimp ftgen 3, 0, 256, 20, 6, 1
gisq ftgen 4, 0, 8192, 10, 1, 0, 0.33, 0, 0.2, 0, 0.14, 0, 0.11
givowel ftgen 5, 0, 8192, 19, 0.5, 0.5, 270, 0.5

instr 1 ; acoustic pianos: finite-difference piano strings struck by a hammer
 ipos = 0.06 + 0.12 * p6 + 0.02 * p7
 a1 prepiano p5, 2 + (p7 > 1 ? 1 : 0), 1 + 2 * p6, 1 + p7, 3 + 2 * p6, 0.001 + 0.002 * p6, 2, 2, 1, \
     3000 + 3000 * p7, -0.01, ipos, 20 + 40 * p4, 20000, 0.1
 kenv madsr 0.001, 0, 1, 0.12
 out dcblock2(a1 * kenv * 0.004 * p5 / 65)
endin

instr 2 ; electric pianos: FM Rhodes (variant 0) or Wurlitzer (1)
 kenv madsr 0.001, 0, 1, 0.15
 if p7 == 0 then
  a1 fmrhode p4, p5, 2 + 6 * p6, 0.1, 0.002, 5, 1, 1, 1, 1, 1
 else
  a1 fmwurlie p4, p5, 2 + 6 * p6, 0.1, 0.002, 5, 1, 1, 1, 1, 1
 endif
 out dcblock2(a1 * kenv)
endin

instr 3 ; plucked strings: waveguide string, pluck point, pickup and loss set per program
 ; p7: 0 harpsichord, 1 clavinet, 2 nylon, 3 steel, 4 jazz, 5 clean, 6 muted, 7 dulcimer, 8 harp,
 ;     9 pizzicato, 10 acoustic bass, 11 picked bass, 12 slap bass
 iplk = (p7 == 0 || p7 == 1 || p7 == 12 ? 0.08 : 0.15 + 0.25 * p6)
 ; muted and pizzicato strings: a fast decay envelope, since a lossier string goes flat
 irefl = (p7 == 1 ? 0.5 : 0.1 + 0.3 * p6)
 a1 wgpluck2 iplk, p4, p5, 0.1 + 0.2 * p6, irefl
 if p7 == 6 || p7 == 9 then
  a1 = a1 * expseg(1, 0.25 + 0.2 * p6, 0.001, 1, 0.001)
 endif
 if p7 == 7 then
  a2 wgpluck2 iplk, p4, p5 * 1.003, 0.2, irefl
  a1 = a1 + a2
 endif
 if p7 == 0 || p7 == 1 || p7 == 3 || p7 == 12 then
  a1 butterhp a1, p5 * 2
 elseif p7 == 2 || p7 == 4 || p7 == 10 then
  a1 butterlp a1, p5 * (4 + 8 * p6)
 endif
 kenv madsr 0.001, 0, 1, (p7 == 8 ? 0.5 : 0.08)
 out dcblock2(a1 * kenv)
endin

instr 4 ; Karplus-Strong string through an overdrive (electric guitars, fingered bass, harmonics)
 ; p7: 0 overdrive, 1 distortion, 2 fingered bass (clean), 3 harmonics (octave up, clean)
 ifreq = (p7 == 3 ? p5 * 2 : p5)
 a1 pluck p4, ifreq, ifreq, 0, 1
 if p7 == 0 then
  a1 distort1 a1, 2 + 3 * p6, 0.5, 0, 0
 elseif p7 == 1 then
  a1 distort1 a1, 8 + 10 * p6, 0.3, 0.2, 0.2
  a1 butterlp a1, 3000 + 2000 * p6
 elseif p7 == 2 then
  a1 butterlp a1, p5 * 6
 endif
 kenv madsr 0.001, 0, 1, 0.08
 out dcblock2(a1 * kenv)
endin

instr 5 ; struck bars and bells: marimba, vibraphone, or a modal bank (celesta, glockenspiel,
        ; music box, xylophone, tubular bells) rung by a click
 kenv madsr 0.001, 0, 1, 0.2
 if p7 == 0 then
  a1 marimba p4, p5, 0.3 + 0.5 * p6, 0.56, 3, 6, 0.02, 1, 0.2 + 0.3 * p6
 elseif p7 == 1 then
  a1 vibes p4, p5, 0.3 + 0.5 * p6, 0.56, 3, 4, 0.1, 1, 0.1
 else
  ; partial ratios and Qs: 2 celesta, 3 glockenspiel, 4 music box, 5 xylophone, 6 tubular bells
  ir2 = (p7 == 6 ? 2.76 : (p7 == 5 ? 3.93 : (p7 == 3 ? 2.71 : 4)))
  ir3 = (p7 == 6 ? 5.40 : (p7 == 5 ? 9.1 : (p7 == 3 ? 5.15 : 10)))
  iq = (p7 == 5 ? 60 : (p7 == 6 ? 900 : 400)) * (0.7 + 0.6 * p6)
  aexc mpulse p4, 0
  aexc butterlp aexc, 8000
  a1 mode aexc, p5, iq
  a2 mode aexc, p5 * ir2, iq * 0.8
  a3 mode aexc, min(p5 * ir3, 18000), iq * 0.6
  a1 = (a1 + 0.5 * a2 + 0.25 * a3) * 0.05
 endif
 out dcblock2(a1 * kenv)
endin

instr 6 ; FM organs and voice: B3 (0 percussive, 1 rock through an overdrive), synth voice (3)
 kenv madsr 0.005, 0, 1, 0.08
 if p7 <= 1 then
  a1 fmb3 p4, p5, 1 + 2 * p6, 0.2, 0.002, 6, 1, 1, 1, 1, 1
  if p7 == 1 then
   a1 distort1 a1, 3, 0.5, 0, 0
  endif
 else
  a1 fmvoice p4, p5, int(64 * p6), 0, 0.005, 5, 1, 1, 1, 1, 1
 endif
 out dcblock2(a1 * kenv)
endin

instr 7 ; additive and reed organs: 0 drawbar, 1 church (detuned ranks), 2 reed organ, 3 accordion,
        ; 4 harmonica, 5 bandoneon
 kenv madsr 0.01 + 0.04 * (p7 > 1 ? 1 : 0), 0, 1, 0.1
 if p7 == 0 then
  a1 oscili p4, p5, 2
  a2 oscili p4 * (0.3 + 0.5 * p6), p5 * 0.5, 1
  a1 = a1 + a2
 elseif p7 == 1 then
  a1 oscili p4, p5, 2
  a2 oscili p4 * 0.6, p5 * 2.004, 2
  a3 oscili p4 * 0.5, p5 * 0.998, 4
  a1 = a1 + a2 + a3
 else
  kpw = (p7 == 4 ? 0.15 : 0.3) + 0.15 * p6
  ktrem = 1 + (p7 == 3 ? 0.1 : 0.03) * oscili(1, 5.5, 1)
  a1 vco2 p4, p5, 2, kpw
  a2 vco2 p4, p5 * (p7 == 3 || p7 == 5 ? 1.006 : 1), 2, kpw
  a1 = (a1 + a2) * ktrem
  a1 butterbp a1, 1200 + 1500 * p6, 2000
 endif
 out dcblock2(a1 * kenv)
endin

instr 8 ; bowed strings (waveguide bow; 0 violin, 1 viola, 2 cello, 3 contrabass, 4 tremolo)
 kpres = 2.5 + 1.5 * p6
 a1 wgbow p4, p5, kpres, 0.127 + 0.02 * p6, 5 + p6, 0.004, 1, 30
 if p7 == 4 then
  a1 = a1 * (0.6 + 0.4 * oscili(1, 12, 1))
 endif
 kenv madsr 0.04, 0, 1, 0.15
 out dcblock2(a1 * kenv)
endin

instr 9 ; subtractive: detuned saws or pulses through a ladder filter (string pads, synth strings,
        ; synth brass, synth basses, square, saw, charang, fifths, bass + lead)
 ; p7: 0 string ensemble, 1 synth strings, 2 synth brass, 3 synth bass (saw), 4 synth bass (square),
 ;     5 square lead, 6 saw lead, 7 charang, 8 fifths, 9 bass + lead, 10 chiff
 iatt = (p7 <= 1 ? 0.15 + 0.2 * p6 : (p7 == 2 ? 0.05 : 0.005))
 kenv madsr iatt, 0.2, 0.8, 0.15
 imode = (p7 == 4 || p7 == 5 || p7 == 10 ? 10 : 0)
 a1 vco2 p4, p5, imode
 a2 vco2 p4, p5 * (p7 == 8 ? 1.4983 : (p7 == 9 ? 0.5 : 1.007)), imode
 a3 vco2 p4, p5 * 0.994, imode
 amix = a1 + a2 + (p7 <= 2 ? a3 : 0)
 kfenv madsr 0.01, 0.3, 0.3, 0.1
 kcut = p5 * (2 + 6 * p6) * (p7 == 2 || p7 == 3 ? 0.5 + kfenv : 1)
 a1 moogladder amix, min(kcut, 16000), 0.2 + 0.4 * p6
 if p7 == 7 then
  a1 distort1 a1, 4, 0.5, 0, 0
 elseif p7 == 10 then
  anoise rand p4
  kchiff expseg 1, 0.05, 0.01, 1, 0.01
  a1 = a1 + butterbp(anoise, p5 * 3, p5) * kchiff
 endif
 out dcblock2(a1 * kenv * 0.5)
endin

instr 10 ; formant voices (FOF): 0 choir aahs, 1 voice oohs, 2 voice lead; a few detuned voices
 ; formants of /a/ and /u/
 if2 = (p7 == 1 ? 870 : 1090 + 200 * p6)
 if1 = (p7 == 1 ? 350 : 700 + 100 * p6)
 if3 = (p7 == 1 ? 2250 : 2440)
 kvib = 1 + 0.006 * oscili(1, 5 + p6, 1)
 kenv madsr 0.08, 0, 1, 0.2
 a1 fof p4, p5 * kvib, if1, 0, 80, 0.003, 0.02, 0.007, 100, 1, 3, p3 + 0.3
 a2 fof p4 * 0.5, p5 * kvib, if2, 0, 90, 0.003, 0.02, 0.007, 100, 1, 3, p3 + 0.3
 a3 fof p4 * 0.2, p5 * kvib, if3, 0, 120, 0.003, 0.02, 0.007, 100, 1, 3, p3 + 0.3
 a4 fof p4 * 0.5, p5 * 1.004, if1, 0, 80, 0.003, 0.02, 0.007, 100, 1, 3, p3 + 0.3
 amix = a1 + a2 + a3 + (p7 == 2 ? 0 : a4)
 if p7 == 2 then
  amix vco2 p4, p5 * kvib
  amix = butterbp(amix, if1, 100) + 0.5 * butterbp(amix, if2, 120)
 endif
 out dcblock2(amix * kenv * 0.1)
endin

instr 11 ; waveguide winds: 0 clarinet, 1 flute, 2 double reed (clarinet bore, brighter), 3 shakuhachi
 kenv madsr 0.02, 0, 1, 0.1
 if p7 == 0 || p7 == 2 then
  a1 wgclar p4, p5, -0.2 - 0.3 * p6, 0.1, 0.1, 0.2, 5, 0.005, 1, 20
  if p7 == 2 then
   a1 butterhp a1, p5 * 2
  endif
 else
  a1 wgflute p4, p5, 0.25 + 0.15 * p6, 0.1, 0.1, (p7 == 3 ? 0.4 : 0.1), 5, 0.01, 1, 50
 endif
 out dcblock2(a1 * kenv)
endin

instr 13 ; FM brass (Chowning: carrier = modulator, index follows the envelope): 0 trumpet,
         ; 1 trombone, 2 tuba, 3 muted trumpet, 4 French horn, 5 brass section
 iatt = (p7 == 1 || p7 == 2 || p7 == 4 ? 0.07 : 0.035)
 kenv madsr iatt, 0.1, 0.8, 0.1
 kvib = 1 + 0.003 * oscili(1, 5 + p6, 1)
 imax = (p7 == 0 || p7 == 3 || p7 == 5 ? 4 : (p7 == 1 ? 3 : 2)) * (0.6 + 0.6 * p6)
 a1 foscili p4 * kenv, p5 * kvib, 1, 1, imax * kenv, 1
 if p7 == 5 then
  a2 foscili p4 * kenv, p5 * kvib * 1.006, 1, 1, imax * kenv, 1
  a3 foscili p4 * kenv, p5 * kvib * 0.995, 1, 1, imax * kenv, 1
  a1 = a1 + a2 + a3
 elseif p7 == 3 then
  a1 butterbp a1, 1500 + 600 * p6, 900
 elseif p7 == 2 || p7 == 4 then
  a1 butterlp a1, 700 + 800 * p6
 endif
 out dcblock2(a1)
endin

instr 14 ; reeds without a waveguide: a sawtooth (conical bore: saxophones) or narrow pulse (double
         ; reeds) with breath noise, a low-pass that opens with the envelope and a formant band
         ; 0 soprano, 1 alto, 2 tenor, 3 baritone sax, 4 oboe, 5 bassoon
 kenv madsr 0.03, 0.05, 0.85, 0.08
 kvib = 1 + 0.004 * oscili(1, 5, 1)
 if p7 < 4 then
  asrc vco2 1, p5 * kvib
 else
  asrc vco2 1, p5 * kvib, 2, 0.2
 endif
 anoise rand 0.05 + 0.1 * p6
 kcut = p5 * (2 + 4 * p6) * (0.4 + kenv)
 a1 butterlp asrc + anoise, min(kcut, 16000)
 iform = (p7 == 0 ? 1400 : (p7 == 1 ? 1100 : (p7 == 2 ? 800 : (p7 == 3 ? 500 : (p7 == 4 ? 1300 : 450)))))
 a1 = a1 + 2 * butterbp(a1, iform, iform * 0.8)
 out dcblock2(a1 * p4 * kenv * 0.3)
endin

instr 12 ; breathy pipes: blown bottle, whistle, ocarina, calliope (sine and band-passed noise)
 ; p7: 0 blown bottle, 1 whistle, 2 ocarina, 3 calliope
 kvib = 1 + (p7 == 1 ? 0.01 : 0.004) * oscili(1, 5, 1)
 a1 oscili p4, p5 * kvib, (p7 == 3 ? 2 : 1)
 anoise rand p4
 anoise butterbp anoise, p5, p5 * (0.1 + 0.2 * p6)
 kenv madsr 0.03 + 0.05 * p6, 0, 1, 0.1
 out dcblock2((a1 * (p7 == 0 ? 0.3 : 1) + anoise * (0.5 + p6)) * kenv)
endin
"""

# program -> (instrument, variant); every program of the 11 families (render.FAMILIES)
PROGRAMS = {
    0: (1, 0), 1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 0), 5: (2, 1), 6: (3, 0), 7: (3, 1),
    8: (5, 2), 9: (5, 3), 10: (5, 4), 11: (5, 1), 12: (5, 0), 13: (5, 5), 14: (5, 6), 15: (3, 7),
    16: (7, 0), 17: (6, 0), 18: (6, 1), 19: (7, 1), 20: (7, 2), 21: (7, 3), 22: (7, 4), 23: (7, 5),
    24: (3, 2), 25: (3, 3), 26: (3, 4), 27: (3, 5), 28: (3, 6), 29: (4, 0), 30: (4, 1), 31: (4, 3),
    32: (3, 10), 33: (4, 2), 34: (3, 11), 35: (9, 3), 36: (3, 12), 37: (3, 12), 38: (9, 3), 39: (9, 4),
    40: (8, 0), 41: (8, 1), 42: (8, 2), 43: (8, 3), 44: (8, 4), 45: (3, 9), 46: (3, 8), 47: (5, 6),
    48: (9, 0), 49: (9, 0), 50: (9, 1), 51: (9, 1),
    52: (10, 0), 53: (10, 1), 54: (6, 3),
    56: (13, 0), 57: (13, 1), 58: (13, 2), 59: (13, 3), 60: (13, 4), 61: (13, 5), 62: (9, 2), 63: (9, 2),
    64: (14, 0), 65: (14, 1), 66: (14, 2), 67: (14, 3), 68: (14, 4), 69: (11, 2), 70: (14, 5), 71: (11, 0),
    72: (11, 1), 73: (11, 1), 74: (11, 1), 75: (11, 3), 76: (12, 0), 77: (11, 3), 78: (12, 1), 79: (12, 2),
    80: (9, 5), 81: (9, 6), 82: (12, 3), 83: (9, 10), 84: (9, 7), 85: (10, 2), 86: (9, 8), 87: (9, 9),
}


def available():
    return set(PROGRAMS)


def missing():
    """Why this set cannot render here, or None."""
    try:
        subprocess.run(["csound", "--version"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        return "csound not on the PATH: apt-get install -y csound"
    return None


def score(phrases, starts, colours):
    """Csound score lines: one `i` statement per note, at the phrase's start plus the note's time."""
    lines = []
    for (program, notes), t0, colour in zip(phrases, starts, colours):
        instr, variant = PROGRAMS[program]
        for start, end, pitch, vel in notes:
            freq = 440.0 * 2.0 ** ((pitch - 69) / 12.0)
            amp = (vel / 127.0) ** 1.5
            lines.append(f"i{instr} {t0 + start:.5f} {end - start:.5f} {amp:.4f} {freq:.4f} {colour:.4f} {variant}")
    return "\n".join(lines)


def render(phrases, starts, colours, workdir, tag):
    """Mono float32 audio at RATE of the whole group, to the end of its last note's release."""
    csd = os.path.join(workdir, tag + ".csd")
    wav = os.path.join(workdir, tag + ".wav")
    with open(csd, "w") as f:
        f.write("<CsoundSynthesizer>\n<CsInstruments>\n" + ORCHESTRA + "</CsInstruments>\n<CsScore>\n"
                + score(phrases, starts, colours) + f"\ne\n</CsScore>\n</CsoundSynthesizer>\n")
    subprocess.run(["csound", "-d", "-m0", "-W", "-f", "-o", wav, csd], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, audio = wavfile.read(wav)
    os.remove(wav)
    os.remove(csd)
    audio = np.asarray(audio, dtype=np.float32)
    if not np.all(np.isfinite(audio)):
        raise RuntimeError(f"csound rendered non-finite samples for {tag}")
    return audio
