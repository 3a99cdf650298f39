"""A tiny Standard MIDI File (format 0) writer: enough for program changes, notes and controllers."""

import struct

TICKS_PER_QUARTER = 480
TEMPO_US_PER_QUARTER = 500_000  # 120 bpm: one tick = 1/960 s
TICKS_PER_SECOND = TICKS_PER_QUARTER * 1_000_000 / TEMPO_US_PER_QUARTER


def _vlq(value):
    """MIDI variable-length quantity."""
    if value < 0:
        raise ValueError(f"negative delta time {value}")
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


class Track:
    """Collects timed events (seconds) on MIDI channels and serialises them as one SMF track."""

    def __init__(self):
        self._events = []  # (tick, order, bytes); order keeps note-offs before note-ons at equal ticks

    def _add(self, seconds, order, data):
        self._events.append((int(round(seconds * TICKS_PER_SECOND)), order, len(self._events), bytes(data)))

    def program(self, seconds, channel, program):
        self._add(seconds, 1, [0xC0 | channel, program & 0x7F])

    def controller(self, seconds, channel, number, value):
        self._add(seconds, 0, [0xB0 | channel, number & 0x7F, value & 0x7F])

    def note(self, start, end, channel, pitch, velocity):
        if end <= start:
            raise ValueError(f"note ends at {end} s, not after its start {start} s")
        self._add(start, 2, [0x90 | channel, pitch & 0x7F, max(1, velocity) & 0x7F])
        self._add(end, 0, [0x80 | channel, pitch & 0x7F, 0])

    def end_time(self):
        return max((e[0] for e in self._events), default=0) / TICKS_PER_SECOND

    def to_bytes(self):
        body = bytearray()
        body += _vlq(0) + b"\xff\x51\x03" + TEMPO_US_PER_QUARTER.to_bytes(3, "big")
        last = 0
        for tick, _, _, data in sorted(self._events):
            body += _vlq(tick - last) + data
            last = tick
        body += _vlq(0) + b"\xff\x2f\x00"
        header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_QUARTER)
        return header + b"MTrk" + struct.pack(">I", len(body)) + bytes(body)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.to_bytes())
