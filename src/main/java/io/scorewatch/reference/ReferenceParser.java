package io.scorewatch.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.scorewatch.model.ModelDefinition;

/**
 * Reads a reference CSV in one streaming pass into columns: a header row, then one row per
 * training example with the feature columns, the model's target column (0/1) and its
 * probability column ([0, 1], may be missing). Every problem names its line, and a cell's
 * problem its column; a number beyond the range of a double ({@code 1e400}) is refused, not
 * read as infinite.
 */
final class ReferenceParser {

    /** The columns of a parsed CSV, features in header order. */
    record Parsed(long rows, List<ReferenceColumnBuilder> features, long targetPositives, double[] probability,
            byte[] target) {
    }

    private ReferenceParser() {
    }

    static Parsed parse(InputStream body, ModelDefinition model, ReferenceProperties limits) throws IOException {
        CsvRecords csv = new CsvRecords(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<String> fields = new ArrayList<>();
        if (!csv.next(fields)) {
            throw new MalformedCsvException(1, "the CSV is empty: a header row is needed");
        }
        List<String> header = List.copyOf(fields);
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            List<String> withoutBom = new ArrayList<>(header);
            withoutBom.set(0, header.get(0).substring(1));
            header = List.copyOf(withoutBom);
        }
        String targetName = model.reference().targetColumn();
        String probabilityName = model.reference().probabilityColumn();
        if (header.size() > limits.maxColumns() + 2) {
            throw new MalformedCsvException(1, "the header has " + header.size() + " columns, more than the "
                    + limits.maxColumns() + " features and 2 label columns allowed (scorewatch.reference.max-columns)");
        }
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (name.isBlank()) {
                throw new MalformedCsvException(1, "the header has an empty column name");
            }
            if (name.length() > limits.maxColumnNameLength()) {
                throw new MalformedCsvException(1, "the column name '" + abbreviate(name) + "' is longer than "
                        + limits.maxColumnNameLength() + " characters");
            }
            if (!seen.add(name)) {
                throw new MalformedCsvException(1, "the header names column '" + name + "' twice");
            }
        }
        int target = header.indexOf(targetName);
        int probability = header.indexOf(probabilityName);
        if (target < 0) {
            throw new MalformedCsvException(1, "the header has no target column '" + targetName + "'");
        }
        if (probability < 0) {
            throw new MalformedCsvException(1, "the header has no probability column '" + probabilityName + "'");
        }
        Map<Integer, ReferenceColumnBuilder> features = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != target && i != probability) {
                features.put(i, new ReferenceColumnBuilder(header.get(i)));
            }
        }
        double[] probabilities = new double[4096];
        byte[] targets = new byte[4096];
        long rows = 0;
        long positives = 0;
        while (csv.next(fields)) {
            long line = csv.recordLine();
            if (fields.size() != header.size()) {
                throw new MalformedCsvException(line, "the row has " + fields.size() + " fields, the header "
                        + header.size());
            }
            double label = ReferenceColumnBuilder.parseNumber(fields.get(target));
            if (label != 0 && label != 1) {
                throw new MalformedCsvException(line, "target '" + abbreviate(fields.get(target)) + "' is not 0 or 1");
            }
            positives += (long) label;
            String probabilityCell = fields.get(probability);
            double p = Double.NaN;
            if (!ReferenceColumnBuilder.MISSING.contains(probabilityCell)) {
                p = ReferenceColumnBuilder.parseNumber(probabilityCell);
                if (!(p >= 0 && p <= 1)) {
                    throw new MalformedCsvException(line, "probability '" + abbreviate(probabilityCell)
                            + "' is not a number in [0, 1]");
                }
            }
            if (rows == probabilities.length) {
                probabilities = java.util.Arrays.copyOf(probabilities, probabilities.length * 2);
                targets = java.util.Arrays.copyOf(targets, targets.length * 2);
            }
            probabilities[(int) rows] = p;
            targets[(int) rows] = (byte) label;
            for (Map.Entry<Integer, ReferenceColumnBuilder> feature : features.entrySet()) {
                String cell = fields.get(feature.getKey());
                if (!feature.getValue().add(cell)) {
                    throw new MalformedCsvException(line, feature.getValue().name(), feature.getKey() + 1,
                            "'" + abbreviate(cell) + "' is not a finite number (beyond the range of a double)");
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new MalformedCsvException(2, "the CSV has a header but no rows");
        }
        return new Parsed(rows, List.copyOf(features.values()), positives,
                java.util.Arrays.copyOf(probabilities, (int) rows), java.util.Arrays.copyOf(targets, (int) rows));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
