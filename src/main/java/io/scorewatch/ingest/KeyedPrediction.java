package io.scorewatch.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A stored prediction by its row and its keys ({@link PredictionKeys}), as the key index holds it. */
record KeyedPrediction(long row, String predictionId, long idKey, Long clientKey) {

    /** The columns a query selects for one. */
    static final String COLUMNS = "id, prediction_id, id_key, client_key";

    /** Reads one from a row of {@link #COLUMNS}. */
    static KeyedPrediction read(ResultSet rs, int row) throws SQLException {
        long clientKey = rs.getLong(4);
        return new KeyedPrediction(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.wasNull() ? null : clientKey);
    }
}
