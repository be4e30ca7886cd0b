package io.scorewatch.demo;

import java.util.SplittableRandom;

/** Categorical levels with their shares; {@link #pick} draws one. */
final class Categories {

    private final String[] levels;
    private final double[] cumulative;

    private Categories(String[] levels, double[] weights) {
        if (levels.length != weights.length || levels.length == 0) {
            throw new IllegalArgumentException("one weight per level");
        }
        this.levels = levels.clone();
        this.cumulative = new double[weights.length];
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }
        cumulative[weights.length - 1] = 1.0;
    }

    /** Alternating level and weight: {@code of("Cash loans", 0.9, "Revolving loans", 0.1)}. */
    static Categories of(Object... levelsAndWeights) {
        int n = levelsAndWeights.length / 2;
        String[] levels = new String[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = (String) levelsAndWeights[2 * i];
            weights[i] = ((Number) levelsAndWeights[2 * i + 1]).doubleValue();
        }
        return new Categories(levels, weights);
    }

    String pick(SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return levels[i];
            }
        }
        return levels[levels.length - 1];
    }
}
