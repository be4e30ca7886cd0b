package io.scorewatch.credit;

import java.util.List;

/**
 * Grade migrations of the clients scored in two months.
 *
 * @param model                 the model
 * @param segment               the segment read, null for the total
 * @param method                {@code exact}
 * @param from                  the first month, YYYY-MM (UTC)
 * @param to                    the second month
 * @param grades                the grades' names, the rows and columns of {@code counts}
 * @param clients               clients scored in both months
 * @param counts                counts[i][j]: clients in grade i in the first month and j in the second
 * @param rowShares             each row of counts divided by its total, null for an empty row
 * @param stayedShare           the share that stayed in its grade, null without clients
 * @param withinOneGradeShare   the share that moved at most one grade, null without clients
 */
public record Migrations(String model, String segment, String method, String from, String to, List<String> grades,
        long clients, long[][] counts, List<List<Double>> rowShares, Double stayedShare,
        Double withinOneGradeShare) {
}
