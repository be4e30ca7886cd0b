package io.scorewatch.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.scorewatch.model.CategoryText;

/**
 * One CSV column as it is read: numeric while every value parses as a number, categorical from
 * the first value that does not (the numbers read so far become their canonical text, as a
 * number posted for a categorical feature does). Missing values are pandas' defaults.
 *
 * <p>Numbers are kept in fixed-size chunks, never in an array that doubles: a reference of
 * 300,000 rows x 200 features then takes its 8 bytes a value while it is read, not up to twice
 * that plus the copy.
 */
final class ReferenceColumnBuilder {

    /** What pandas' read_csv reads as missing by default. */
    static final Set<String> MISSING = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

    private final String name;
    /** 128 KB: well under half a G1 region, so a chunk is never a humongous object that takes a region alone. */
    private static final int CHUNK = 1 << 14;

    private List<double[]> chunks = new ArrayList<>();
    private int[] codes;
    private final Map<String, Integer> dictionary = new HashMap<>();
    private int size;

    ReferenceColumnBuilder(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    boolean isNumeric() {
        return codes == null;
    }

    int size() {
        return size;
    }

    /**
     * Adds a cell; false, and nothing added, when the cell is a number beyond the range of a
     * double ({@code 1e400}), which would read as infinite: a reference holds finite numbers
     * only, as intake does (in a categorical column too, which a type override may read as
     * numerical).
     */
    boolean add(String cell) {
        if (codes == null) {
            if (MISSING.contains(cell)) {
                addNumber(Double.NaN);
                return true;
            }
            double value = parseNumber(cell);
            if (Double.isInfinite(value)) {
                return false;
            }
            if (!Double.isNaN(value)) {
                addNumber(value);
                return true;
            }
            toCategorical();
        }
        ensureCodes();
        if (MISSING.contains(cell)) {
            codes[size++] = -1;
            return true;
        }
        Integer code = dictionary.get(cell);
        if (code == null) {
            // a categorical column may still be read as numerical (a type override)
            if (Double.isInfinite(parseNumber(cell))) {
                return false;
            }
            code = dictionary.size();
            dictionary.put(cell, code);
        }
        codes[size++] = code;
        return true;
    }

    private void addNumber(double value) {
        int offset = size % CHUNK;
        if (offset == 0) {
            chunks.add(new double[CHUNK]);
        }
        chunks.get(chunks.size() - 1)[offset] = value;
        size++;
    }

    private double number(int i) {
        return chunks.get(i / CHUNK)[i % CHUNK];
    }

    /**
     * The values of a numeric column (NaN = missing), handed over: the builder lets go of them,
     * so it answers this once.
     */
    double[] takeNumbers() {
        double[] values = new double[size];
        for (int c = 0; c < chunks.size(); c++) {
            int from = c * CHUNK;
            System.arraycopy(chunks.get(c), 0, values, from, Math.min(CHUNK, size - from));
            chunks.set(c, null);
        }
        chunks = List.of();
        return values;
    }

    /** Category counts and the count of missing values of a categorical column. */
    Map<String, Long> categoryCounts() {
        String[] byCode = new String[dictionary.size()];
        dictionary.forEach((category, code) -> byCode[code] = category);
        long[] counts = new long[byCode.length];
        for (int i = 0; i < size; i++) {
            if (codes[i] >= 0) {
                counts[codes[i]]++;
            }
        }
        Map<String, Long> result = new HashMap<>();
        for (int code = 0; code < byCode.length; code++) {
            result.put(byCode[code], counts[code]);
        }
        return result;
    }

    long missingCount() {
        long missing = 0;
        if (codes == null) {
            for (int i = 0; i < size; i++) {
                if (Double.isNaN(number(i))) {
                    missing++;
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                if (codes[i] < 0) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Category counts of a numeric column read as categorical (numbers as canonical text). */
    Map<String, Long> numbersAsCategories() {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < size; i++) {
            double value = number(i);
            if (!Double.isNaN(value)) {
                counts.merge(CategoryText.of(value), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** A categorical column read as numerical: categories that parse as numbers, the rest missing. */
    double[] categoriesAsNumbers() {
        String[] byCode = new String[dictionary.size()];
        dictionary.forEach((category, code) -> byCode[code] = category);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = codes[i] < 0 ? Double.NaN : parseNumber(byCode[codes[i]]);
        }
        return values;
    }

    private void toCategorical() {
        codes = new int[Math.max(size * 2, 16)];
        for (int i = 0; i < size; i++) {
            double value = number(i);
            codes[i] = Double.isNaN(value) ? -1
                    : dictionary.computeIfAbsent(CategoryText.of(value), c -> dictionary.size());
        }
        chunks = List.of();
    }

    private void ensureCodes() {
        if (size == codes.length) {
            codes = Arrays.copyOf(codes, size * 2);
        }
    }

    /** A decimal number as CSV writers produce it, or NaN when the text is not one. */
    static double parseNumber(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
