"""Tests of the synthesizer back ends (synths.py) that need nothing but the JDK the build runs on:
/usr/bin/python3 -m unittest discover -s models/data -p 'test_*.py'
(PythonUnitTest runs them in mvn verify)."""

import os
import tempfile
import unittest

import numpy as np

import synths
from smf import Track

RATE = 44100


class GervillRenderTest(unittest.TestCase):
    def render_with_home(self, midi, home):
        """A render whose JVM sees `home` as user.home, where Gervill would keep its soundbank cache."""
        before = os.environ.get("JAVA_TOOL_OPTIONS")
        os.environ["JAVA_TOOL_OPTIONS"] = f"-Duser.home={home}"
        try:
            return synths.render_gervill(midi, os.path.join(home, "out.f32"), RATE)
        finally:
            if before is None:
                del os.environ["JAVA_TOOL_OPTIONS"]
            else:
                os.environ["JAVA_TOOL_OPTIONS"] = before

    def test_the_generated_soundbank_is_the_same_in_every_process(self):
        # Gervill's generated instruments draw their phases from Math.random(); unseeded, each fresh
        # user.home (a new machine) rendered other audio
        with tempfile.TemporaryDirectory() as tmp:
            midi = os.path.join(tmp, "phrase.mid")
            track = Track()
            for i, program in enumerate((0, 48)):  # piano, string ensemble
                track.program(0.01 + i, 0, program)
                track.note(0.05 + i, 0.6 + i, 0, 60 + 7 * i, 100)
            track.write(midi)
            homes = [os.path.join(tmp, f"home{i}") for i in range(2)]
            renders = []
            for home in homes:
                os.makedirs(home)
                renders.append(self.render_with_home(midi, home))
            self.assertGreater(np.abs(renders[0]).max(), 0.01, "the phrase rendered silence")
            np.testing.assert_array_equal(renders[0], renders[1])
            for home in homes:
                self.assertFalse(os.path.exists(os.path.join(home, ".gervill")), "Gervill cached a soundbank")


if __name__ == "__main__":
    unittest.main()
