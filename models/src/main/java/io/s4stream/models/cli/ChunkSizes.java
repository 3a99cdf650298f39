package io.s4stream.models.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses "64,256,1024" chunk size lists. */
final class ChunkSizes {
    private ChunkSizes() {}

    static List<Integer> parse(String csv) {
        List<Integer> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return out;
        }
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }
}
