package io.scorewatch.reference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import io.scorewatch.stats.SortedSample;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reference datasets in the store: numerical columns as sorted doubles, categorical as counts. */
@Repository
class ReferenceStore {

    static final String FEATURE = "FEATURE";
    static final String TARGET = "TARGET";
    static final String PROBABILITY = "PROBABILITY";
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ReferenceStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A column to store: sorted values (numerical) or counts (categorical). */
    record StoredColumn(String name, String kind, String featureType, long missing, double[] sorted,
            Map<String, Long> counts) {

        /** The same column without its values (what an answer about it needs). */
        StoredColumn withoutValues() {
            return new StoredColumn(name, kind, featureType, missing, null, counts);
        }
    }

    /** A dataset's header row in the store. */
    record Dataset(long id, String model, Instant uploadedAt, long rows, long targetPositives, long probabilityCount,
            Double probabilityMean) {
    }

    /** Stores a dataset and makes it the model's active one; run in one transaction. */
    long replace(String model, Instant uploadedAt, long rows, long targetPositives, long probabilityCount,
            Double probabilityMean, Iterator<StoredColumn> columns, Calibration calibration) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO reference_dataset (model, uploaded_at,"
                    + " row_count, target_positives, probability_count, probability_mean, active)"
                    + " VALUES (?, ?, ?, ?, ?, ?, FALSE)", new String[] {"id"});
            ps.setString(1, model);
            ps.setObject(2, uploadedAt.atOffset(ZoneOffset.UTC));
            ps.setLong(3, rows);
            ps.setLong(4, targetPositives);
            ps.setLong(5, probabilityCount);
            ps.setObject(6, probabilityMean);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        // one column at a time: the caller produces each as it is taken and lets it go after
        while (columns.hasNext()) {
            StoredColumn column = columns.next();
            jdbc.update("INSERT INTO reference_column (dataset_id, name, kind, feature_type, missing_count,"
                    + " sorted_values, category_counts) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setLong(1, id);
                        ps.setString(2, column.name());
                        ps.setString(3, column.kind());
                        ps.setString(4, column.featureType());
                        ps.setLong(5, column.missing());
                        ps.setBytes(6, column.sorted() == null ? null : encode(column.sorted()));
                        ps.setBytes(7, column.counts() == null ? null : json.writeValueAsBytes(column.counts()));
                    });
        }
        jdbc.update("INSERT INTO reference_calibration (dataset_id, defaults, non_defaults) VALUES (?, ?, ?)", id,
                encode(calibration.defaults()), encode(calibration.nonDefaults()));
        jdbc.update("UPDATE reference_dataset SET active = FALSE WHERE model = ? AND active = TRUE", model);
        jdbc.update("UPDATE reference_dataset SET active = TRUE WHERE id = ?", id);
        return id;
    }

    Optional<Dataset> active(String model) {
        return jdbc.query("SELECT id, model, uploaded_at, row_count, target_positives, probability_count,"
                + " probability_mean FROM reference_dataset WHERE model = ? AND active = TRUE",
                (rs, row) -> dataset(rs), model).stream().findFirst();
    }

    /** A dataset of the model, active or not. */
    Optional<Dataset> dataset(String model, long id) {
        return jdbc.query("SELECT id, model, uploaded_at, row_count, target_positives, probability_count,"
                + " probability_mean FROM reference_dataset WHERE model = ? AND id = ?",
                (rs, row) -> dataset(rs), model, id).stream().findFirst();
    }

    private static Dataset dataset(java.sql.ResultSet rs) throws java.sql.SQLException {
        double mean = rs.getDouble(7);
        return new Dataset(rs.getLong(1), rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.wasNull() ? null : mean);
    }

    int featureCount(long datasetId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM reference_column WHERE dataset_id = ? AND kind = ?",
                Integer.class, datasetId, FEATURE);
    }

    /** All columns of a dataset, by name, without their sorted values. */
    Map<String, StoredColumn> columns(long datasetId) {
        Map<String, StoredColumn> columns = listing(datasetId);
        columns.replaceAll((name, column) -> column.withoutValues());
        return columns;
    }

    /**
     * Hands the dataset's columns to the consumer in name order, each with its sorted values
     * (when it has some) read and decoded only when its turn comes: one column's values are
     * held here at a time, whatever the consumer keeps of them.
     */
    void eachColumn(long datasetId, Consumer<StoredColumn> consumer) {
        for (StoredColumn column : listing(datasetId).values()) {
            consumer.accept(column.sorted() == null ? column
                    : new StoredColumn(column.name(), column.kind(), column.featureType(), column.missing(),
                            decode(jdbc.queryForObject("SELECT sorted_values FROM reference_column"
                                    + " WHERE dataset_id = ? AND name = ?", byte[].class, datasetId, column.name())),
                            column.counts()));
        }
    }

    /** The dataset's columns by name; an empty {@code sorted} array marks one that has values stored. */
    private Map<String, StoredColumn> listing(long datasetId) {
        Map<String, StoredColumn> columns = new LinkedHashMap<>();
        jdbc.query("SELECT name, kind, feature_type, missing_count, category_counts, sorted_values IS NOT NULL"
                + " FROM reference_column WHERE dataset_id = ? ORDER BY name", rs -> {
                    byte[] counts = rs.getBytes(5);
                    String name = rs.getString(1);
                    columns.put(name, new StoredColumn(name, rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getBoolean(6) ? new double[0] : null,
                            counts == null ? null : json.readValue(counts, COUNTS)));
                }, datasetId);
        return columns;
    }

    /** The probabilities of the rows whose target is 1, and of those whose target is 0, each sorted. */
    record Calibration(double[] defaults, double[] nonDefaults) {
    }

    /** The dataset's probabilities by outcome; empty for a dataset stored before they were kept. */
    Optional<Calibration> calibration(long datasetId) {
        return jdbc.query("SELECT defaults, non_defaults FROM reference_calibration WHERE dataset_id = ?",
                (rs, row) -> new Calibration(decode(rs.getBytes(1)), decode(rs.getBytes(2))), datasetId).stream()
                .findFirst();
    }

    static SortedSample sample(StoredColumn column) {
        return SortedSample.ofSorted(column.sorted());
    }

    private static byte[] encode(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return buffer.array();
    }

    private static double[] decode(byte[] bytes) {
        double[] values = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }
}
