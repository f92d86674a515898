package io.vidx.cli;

import io.vidx.format.ReadLimits;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vidx verify`: every checksum and structural rule. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every checksum and structural rule of index files. Exit 0 when intact; 1 naming the file and section otherwise.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Index file(s).")
    Path[] files;

    @Override
    public Integer call() {
        int bad = 0;
        for (Path f : files) {
            long t = System.nanoTime();
            try (Arena arena = Arena.ofConfined()) {
                VidxFile vf = VidxFile.open(f, arena, ReadLimits.DEFAULT);
                vf.verify();
                System.out.printf("%s: OK (%d sections, %,d bytes, format %d.%d, build %s) in %.2f s%n", f, vf.sections().size(),
                        vf.segment().byteSize(), vf.header().major(), vf.header().minor(), vf.header().buildIdHex(), (System.nanoTime() - t) / 1e9);
            } catch (VidxFormatException e) {
                System.err.println("CORRUPT " + e.getMessage());
                bad++;
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
