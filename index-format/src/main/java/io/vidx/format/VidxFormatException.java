package io.vidx.format;

/**
 * The one exception for a vidx file that is not what the format specifies: truncated, corrupted,
 * of an unsupported version, or inconsistent. The message always names the file, and where known the
 * section and the byte offset, and what was expected against what was found.
 */
public final class VidxFormatException extends RuntimeException {
    private final String file;
    private final String section;
    private final long offset;
    private final String problem;

    public VidxFormatException(String file, String section, long offset, String problem) {
        this(file, section, offset, problem, null);
    }

    public VidxFormatException(String file, String section, long offset, String problem, Throwable cause) {
        super(describe(file, section, offset, problem), cause);
        this.file = file;
        this.section = section;
        this.offset = offset;
        this.problem = problem;
    }

    /** The problem alone, without the file/section/offset prefix. */
    public String problem() { return problem; }

    /** The file the problem is in. */
    public String file() { return file; }

    /** The section the problem is in, or null when it is in the header, table or footer as a whole. */
    public String section() { return section; }

    /** The absolute byte offset of the problem, or -1 when not tied to one place. */
    public long offset() { return offset; }

    private static String describe(String file, String section, long offset, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "<unnamed>" : file);
        if (section != null) sb.append(": section ").append(section);
        if (offset >= 0) sb.append(" at offset ").append(offset);
        return sb.append(": ").append(problem).toString();
    }
}
