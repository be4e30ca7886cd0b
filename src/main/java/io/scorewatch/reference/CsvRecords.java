package io.scorewatch.reference;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma-separated fields, optional double quotes (a quote inside
 * a quoted field written twice), CRLF or LF line ends. Reads from a {@link Reader} through a
 * small buffer, so a file of any size is never held whole.
 */
final class CsvRecords {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int position;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The physical line (from 1) where the last record returned began. */
    long recordLine() {
        return recordLine;
    }

    /**
     * Reads the next record into {@code fields} (cleared first); answers false at the end.
     * Blank lines are skipped.
     *
     * @throws MalformedCsvException on an unterminated quote or text after a closing quote
     */
    boolean next(List<String> fields) throws IOException {
        fields.clear();
        int c;
        // skip blank lines
        while (true) {
            c = read();
            if (c == -1) {
                return false;
            }
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            break;
        }
        recordLine = line;
        field.setLength(0);
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(recordLine, "a quoted field is not closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == -1) {
                if (c == '\n') {
                    line++;
                }
                fields.add(field.toString());
                return true;
            } else if (c == '\r') {
                // part of CRLF: ignored
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted) {
                throw new MalformedCsvException(recordLine, "text after a closing quote");
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** Convenience for tests: every record. */
    List<List<String>> readAll() throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        while (next(fields)) {
            records.add(List.copyOf(fields));
        }
        return records;
    }

    private int read() throws IOException {
        if (position == length) {
            length = in.read(buffer, 0, buffer.length);
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++];
    }
}
