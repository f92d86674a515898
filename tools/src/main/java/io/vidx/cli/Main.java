package io.vidx.cli;

import io.vidx.format.VidxFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `vidx` command: builds, inspects, verifies, searches and benchmarks vidx index files. */
@Command(name = "vidx", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Memory-mapped vector indexes: build, inspect, verify, search, benchmark.",
        subcommands = {DemoCommand.class, GenCommand.class, GtCommand.class, BuildCommand.class, SearchCommand.class,
                InspectCommand.class, VerifyCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("vidx " + cmd.getCommandName() + ": error: " + describe(e));
            if (System.getenv("VIDX_DEBUG") != null) e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    static String describe(Throwable e) {
        if (e instanceof VidxFormatException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) return e.getMessage();
        if (e instanceof UncheckedIOException u) return describe(u.getCause());
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file";
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof IOException) return e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof OutOfMemoryError) return "out of memory (" + e.getMessage() + "); raise the heap with VIDX_HEAP=16g";
        return e.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vidx " + (v == null ? "dev" : v) + ", index format "
                    + io.vidx.format.FormatConstants.MAJOR_VERSION + "." + io.vidx.format.FormatConstants.MINOR_VERSION,
                    "JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
        }
    }
}
