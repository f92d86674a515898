package io.vidx.indexer.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole .ivecs file (plain or .zst) into memory as int rows, the usual container for ground
 * truth (the k nearest neighbour ids of each query). Unlike the vector readers it takes each row's
 * length from that row's own header, so rows may differ in length, but each length is still checked to
 * be in 1..65536 before anything is allocated for it.
 */
final class IvecsRows {
    private IvecsRows() {}

    static int[][] read(Origin origin, int bufferBytes) throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (ChunkedInput in = ChunkedInput.open(origin, bufferBytes)) {
            while (true) {
                long at = in.position();
                int got = in.available(4);
                if (got == 0) break;
                long index = rows.size();
                if (got < 4) throw origin.at(index, at, "truncated record: the data ends after " + got + " of the 4 bytes of its length");
                int d = in.getInt();
                if (d < 1 || d > VecsFile.MAX_DIM) throw origin.at(index, at, "row length " + d + " is out of range, expected 1.." + VecsFile.MAX_DIM);
                int[] row = new int[d];
                int n = in.readInts(row, 0, d);
                if (n < d) {
                    throw origin.at(index, at, "truncated record: the data ends after " + (in.position() + in.buffered() - at)
                            + " of its " + (4 + 4L * d) + " bytes");
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) throw origin.error("empty file" + (origin.zst() ? " (after decompression)" : "") + ": no vectors");
        return rows.toArray(new int[0][]);
    }
}
