package io.vidx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers' CSV points: one plotted series per method, mode and thread count; bad values refused up front. */
class PeerPointTest {
    @TempDir
    Path dir;

    @Test
    void modeAndThreadsKeepConfigurationsApart() throws Exception {
        Path faiss = dir.resolve("faiss.csv");
        Files.writeString(faiss, "dataset,method,params,threads,mode,k,recall,qps\n"
                + "d,HNSW32,ef=16,2,batch,10,0.95,5000.0\nd,HNSW32,ef=16,1,single,10,0.95,900\n");
        assertThat(PeerPoint.read(faiss)).extracting(PeerPoint::series).containsExactly("HNSW32, batch, 2 threads", "HNSW32, single, 1 thread");
        Path lucene = dir.resolve("lucene.csv");
        Files.writeString(lucene, "method,K,threads,recall,best_qps,median_qps\nlucene-hnsw-m16,20,2,0.953,14000,13000\n");
        assertThat(PeerPoint.read(lucene)).containsExactly(new PeerPoint("lucene-hnsw-m16, 2 threads", 0.953, 14000));
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, "method,recall,qps\nx,0.9,10\n");
        assertThat(PeerPoint.read(plain)).isEqualTo(List.of(new PeerPoint("x", 0.9, 10)));
    }

    @Test
    void recallOutsideZeroToOneOrQpsNotAboveZeroIsRefused() throws Exception {
        Path bad = dir.resolve("bad.csv");
        for (String row : new String[] {"x,0.9,0", "x,1.5,10", "x,0.9,-3", "x,NaN,10"}) {
            Files.writeString(bad, "method,recall,qps\n" + row + "\n");
            assertThatThrownBy(() -> PeerPoint.read(bad)).as(row).hasMessageContaining("bad.csv: line 2: expected recall in 0..1 and qps above 0");
        }
    }
}
