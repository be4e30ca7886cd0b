package io.scorewatch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic retail credit applications, shaped like a public home-credit application table:
 * about 200 features (amounts, ratios, the EXT_SOURCE bureau scores, counts, DAYS_* fields,
 * flags, building statistics, bureau and previous-application aggregates, and categorical
 * fields), with realistic missing shares, a default rate of about 8% and a fixed scoring model
 * whose probabilities reach a ROC-AUC of about 0.77.
 *
 * <p>The scoring model is a logistic function of a few features. The real outcome adds risk the
 * features do not show (a normal term); the model's probability is calibrated for it (the
 * probit approximation of the logistic-normal mean). Reproducible: the same seed gives the same
 * applicants. Not thread-safe.
 */
public final class CreditApplications {

    // the scoring model: logit = INTERCEPT + SCORE_SCALE * score + DELINQUENCY_WEIGHT for an applicant who paid
    // earlier instalments a month late; the outcome adds HIDDEN_RISK * N(0, 1). The delinquent minority gives the
    // scores a long right tail, so that about 6% of applicants score at or above the decision threshold (0.3282)
    static final double INTERCEPT = -3.52;
    static final double SCORE_SCALE = 0.4;
    static final double HIDDEN_RISK = 1.0;
    static final double DELINQUENCY_WEIGHT = 3.0;
    private static final double DELINQUENT_SHARE = 0.10;
    private static final double LATE_DAYS = 30;
    private static final double CALIBRATION = Math.sqrt(1 + Math.PI * HIDDEN_RISK * HIDDEN_RISK / 8);

    // shape of the population
    private static final double EXT_SOURCE_1_MISSING = 0.56;
    private static final double EXT_SOURCE_2_MISSING = 0.002;
    private static final double EXT_SOURCE_3_MISSING = 0.198;
    private static final double OCCUPATION_MISSING = 0.233;
    private static final double BUREAU_REQUESTS_MISSING = 0.135;
    private static final double SOCIAL_CIRCLE_MISSING = 0.0033;
    private static final double GOODS_PRICE_MISSING = 0.001;
    private static final double HAS_BUILDING_INFO = 0.52;
    private static final double REVOLVING_SHARE = 0.095;
    private static final double FEMALE_SHARE = 0.66;
    private static final double MEDIAN_INCOME = 147_150;
    private static final double PENSIONER_DAYS_EMPLOYED = 365_243;

    // gradual drift at full intensity: income and credit inflation, a declining bureau score
    private static final double INCOME_INFLATION = 0.25;
    private static final double CREDIT_INFLATION = 0.40;
    private static final double EXT_SOURCE_3_DECLINE = 0.08;
    // sudden drift at full intensity: this share of applicants comes from a new segment
    private static final double NEW_SEGMENT_SHARE = 0.35;
    private static final double NEW_SEGMENT_RISK = 1.5;
    // concept drift at full intensity: more defaults, features explain less of them
    private static final double CONCEPT_DEFAULT_SHIFT = 1.0;
    private static final double CONCEPT_WEAKENING = 0.6;
    private static final double CONCEPT_EXTRA_RISK = 0.5;
    // outcomes are known within this many days (days_to_default of a default)
    private static final int PERFORMANCE_DAYS = 90;

    private static final Categories EDUCATION = Categories.of("Secondary / secondary special", 0.710,
            "Higher education", 0.243, "Incomplete higher", 0.033, "Lower secondary", 0.012, "Academic degree", 0.002);
    private static final Categories WORKING_INCOME = Categories.of("Working", 0.63, "Commercial associate", 0.28,
            "State servant", 0.087);
    private static final Categories NEW_SEGMENT_INCOME = Categories.of("Student", 0.4, "Working", 0.6);
    private static final Categories FAMILY = Categories.of("Married", 0.639, "Single / not married", 0.148,
            "Civil marriage", 0.097, "Separated", 0.064, "Widow", 0.052);
    private static final Categories NEW_SEGMENT_FAMILY = Categories.of("Single / not married", 0.7,
            "Civil marriage", 0.25, "Married", 0.05);
    private static final Categories HOUSING = Categories.of("House / apartment", 0.887, "With parents", 0.048,
            "Municipal apartment", 0.036, "Rented apartment", 0.016, "Office apartment", 0.0085,
            "Co-op apartment", 0.0036);
    private static final Categories NEW_SEGMENT_HOUSING = Categories.of("With parents", 0.45,
            "Rented apartment", 0.35, "House / apartment", 0.2);
    private static final Categories SUITE = Categories.of("Unaccompanied", 0.81, "Family", 0.131, "Spouse, partner",
            0.037, "Children", 0.011, "Other_B", 0.006, "Other_A", 0.003, "Group of people", 0.001);
    private static final Categories OCCUPATION = Categories.of("Laborers", 0.26, "Sales staff", 0.15, "Core staff",
            0.13, "Managers", 0.10, "Drivers", 0.09, "High skill tech staff", 0.054, "Accountants", 0.046,
            "Medicine staff", 0.040, "Security staff", 0.032, "Cooking staff", 0.028, "Cleaning staff", 0.022,
            "Private service staff", 0.013, "Low-skill Laborers", 0.010, "Waiters/barmen staff", 0.006,
            "Secretaries", 0.006, "Realty agents", 0.004, "HR staff", 0.003, "IT staff", 0.003);
    private static final Categories WEEKDAY = Categories.of("TUESDAY", 0.175, "WEDNESDAY", 0.169, "MONDAY", 0.165,
            "THURSDAY", 0.164, "FRIDAY", 0.164, "SATURDAY", 0.110, "SUNDAY", 0.053);
    private static final Categories ORGANIZATION = Categories.of("Business Entity Type 3", 0.27, "Self-employed",
            0.153, "Other", 0.066, "Medicine", 0.044, "Business Entity Type 2", 0.042, "Government", 0.041,
            "School", 0.035, "Trade: type 7", 0.031, "Kindergarten", 0.027, "Construction", 0.027,
            "Business Entity Type 1", 0.024, "Transport: type 4", 0.021, "Trade: type 3", 0.014,
            "Industry: type 9", 0.013, "Industry: type 3", 0.013, "Security", 0.013, "Housing", 0.012,
            "Military", 0.011, "Bank", 0.010, "Police", 0.009, "Agriculture", 0.010, "Postal", 0.009);
    private static final Categories FONDKAPREMONT = Categories.of("reg oper account", 0.75, "reg oper spec account",
            0.12, "not specified", 0.06, "org spec account", 0.07);
    private static final Categories HOUSETYPE = Categories.of("block of flats", 0.98, "specific housing", 0.01,
            "terraced house", 0.01);
    private static final Categories WALLS = Categories.of("Panel", 0.42, "Stone, brick", 0.40, "Block", 0.06,
            "Wooden", 0.035, "Mixed", 0.015, "Monolithic", 0.011, "Others", 0.011);
    private static final double[] REGION_POPULATION = {0.0003, 0.0019, 0.0046, 0.0072, 0.0100, 0.0144, 0.0188,
        0.0228, 0.0253, 0.0287, 0.0358, 0.0461, 0.0725};
    private static final double[] DOCUMENT_SHARE = {0.00004, 0.71, 0.0001, 0.015, 0.088, 0.0002, 0.081, 0.0039,
        0.00002, 0.0039, 0.00001, 0.0027, 0.0035, 0.0028, 0.0012, 0.0099, 0.0003, 0.008, 0.0006, 0.0005};

    /** A group of aggregated history features, present for an applicant with such history. */
    private record Aggregate(String prefix, double present, String[] stats, String[] stems, double[] centre,
            double[] scale, boolean[] logScale, double[] riskLoading) {
    }

    private static final String[] MEAN_MAX_MIN = {"MEAN", "MAX", "MIN"};
    private static final String[] MEAN_MAX = {"MEAN", "MAX"};
    private static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate("BUREAU", 0.857, MEAN_MAX_MIN,
                    new String[] {"DAYS_CREDIT", "CREDIT_DAY_OVERDUE", "DAYS_CREDIT_ENDDATE", "AMT_CREDIT_MAX_OVERDUE",
                        "CNT_CREDIT_PROLONG", "AMT_CREDIT_SUM", "AMT_CREDIT_SUM_DEBT", "AMT_CREDIT_SUM_OVERDUE",
                        "DAYS_CREDIT_UPDATE"},
                    new double[] {-1100, 0.5, 400, 800, 0.01, 250_000, 90_000, 5, -500},
                    new double[] {550, 1.2, 900, 1.6, 0.08, 0.9, 1.1, 2.0, 400},
                    new boolean[] {false, false, false, true, false, true, true, true, false},
                    new double[] {0.2, 0.5, 0.1, 0.4, 0.1, -0.1, 0.2, 0.4, 0.1}),
            new Aggregate("PREV", 0.946, MEAN_MAX_MIN,
                    new String[] {"AMT_ANNUITY", "AMT_APPLICATION", "AMT_CREDIT", "AMT_DOWN_PAYMENT",
                        "RATE_DOWN_PAYMENT", "DAYS_DECISION", "CNT_PAYMENT", "APP_CREDIT_PERC"},
                    new double[] {11_000, 150_000, 165_000, 4_000, 0.08, -900, 15, 0.95},
                    new double[] {0.6, 0.9, 0.9, 1.1, 0.06, 500, 8, 0.12},
                    new boolean[] {true, true, true, true, false, false, false, false},
                    new double[] {0.1, -0.1, -0.1, -0.2, -0.2, 0.2, 0.2, 0.1}),
            new Aggregate("INSTAL", 0.948, MEAN_MAX,
                    new String[] {"DPD", "DBD", "PAYMENT_PERC", "PAYMENT_DIFF", "AMT_INSTALMENT", "AMT_PAYMENT"},
                    new double[] {0.6, 8, 0.98, 500, 15_000, 15_500},
                    new double[] {1.5, 5, 0.04, 1.4, 0.7, 0.7},
                    new boolean[] {false, false, false, true, true, true},
                    new double[] {0.6, -0.3, -0.3, 0.3, 0.0, -0.05}),
            new Aggregate("POS", 0.941, MEAN_MAX,
                    new String[] {"MONTHS_BALANCE", "SK_DPD", "SK_DPD_DEF"},
                    new double[] {-35, 0.3, 0.1},
                    new double[] {20, 1.5, 0.6},
                    new boolean[] {false, false, false},
                    new double[] {0.1, 0.5, 0.5}),
            new Aggregate("CC", 0.28, MEAN_MAX,
                    new String[] {"AMT_BALANCE", "AMT_CREDIT_LIMIT_ACTUAL", "AMT_DRAWINGS_CURRENT", "CNT_DRAWINGS_CURRENT"},
                    new double[] {60_000, 150_000, 8_000, 0.8},
                    new double[] {1.2, 0.8, 1.3, 1.0},
                    new boolean[] {true, true, true, true},
                    new double[] {0.3, -0.1, 0.2, 0.2}));
    private static final String[] BUILDING_STEMS = {"APARTMENTS", "BASEMENTAREA", "YEARS_BEGINEXPLUATATION",
        "YEARS_BUILD", "COMMONAREA", "ELEVATORS", "ENTRANCES", "FLOORSMAX", "FLOORSMIN", "LANDAREA",
        "LIVINGAPARTMENTS", "LIVINGAREA", "NONLIVINGAPARTMENTS", "NONLIVINGAREA"};
    private static final double[] BUILDING_CENTRE = {0.09, 0.076, 0.978, 0.75, 0.036, 0.04, 0.14, 0.17, 0.21, 0.05,
        0.08, 0.07, 0.004, 0.01};
    private static final double[] BUILDING_MISSING = {0.51, 0.585, 0.488, 0.665, 0.70, 0.53, 0.503, 0.498, 0.68, 0.59,
        0.68, 0.50, 0.69, 0.55};

    private static final List<String> FEATURE_NAMES = List.copyOf(
            new CreditApplications(0).next(Scenario.STABLE, 0).features().keySet());

    private final SplittableRandom random;

    public CreditApplications(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The feature columns in order (the same for every applicant). */
    public static List<String> featureNames() {
        return FEATURE_NAMES;
    }

    /** An applicant of the reference population. */
    public Applicant next() {
        return next(Scenario.STABLE, 0);
    }

    /**
     * An applicant of production under a scenario at an intensity in [0, 1]. Scenarios of the
     * model API itself (latency, errors) leave the applicants as in the reference.
     */
    public Applicant next(Scenario scenario, double intensity) {
        if (!(intensity >= 0 && intensity <= 1)) {
            throw new IllegalArgumentException("intensity must be in [0, 1], was " + intensity);
        }
        double gradual = scenario == Scenario.GRADUAL_DRIFT ? intensity : 0;
        boolean newSegment = scenario == Scenario.SUDDEN_DRIFT && random.nextDouble() < NEW_SEGMENT_SHARE * intensity;
        double concept = scenario == Scenario.CONCEPT_DRIFT ? intensity : 0;

        Map<String, Object> f = new LinkedHashMap<>(256);
        double risk = random.nextGaussian() + (newSegment ? NEW_SEGMENT_RISK : 0);
        String contract = random.nextDouble() < (newSegment ? 0.6 : REVOLVING_SHARE) ? "Revolving loans" : "Cash loans";
        boolean female = random.nextDouble() < (newSegment ? 0.5 : FEMALE_SHARE);
        double age = newSegment ? 19 + 6 * random.nextDouble() : 21 + 48 * (random.nextDouble() + random.nextDouble()) / 2;
        String education = newSegment && random.nextDouble() < 0.5 ? "Incomplete higher" : EDUCATION.pick(random);
        boolean pensioner = !newSegment && random.nextDouble() < (age >= 60 ? 0.8 : 0.05);
        String incomeType = pensioner ? "Pensioner" : newSegment ? NEW_SEGMENT_INCOME.pick(random) : WORKING_INCOME.pick(random);
        boolean car = random.nextDouble() < (newSegment ? 0.1 : female ? 0.25 : 0.52);
        boolean realty = random.nextDouble() < (newSegment ? 0.15 : 0.69);
        String family = newSegment ? NEW_SEGMENT_FAMILY.pick(random) : FAMILY.pick(random);
        int children = age < 22 || age > 55 ? 0 : children();
        double employedYears = pensioner ? Double.NaN
                : Math.min(age - 18, -Math.log(1 - random.nextDouble()) * (newSegment ? 1 : 6.5));

        double income = MEDIAN_INCOME * Math.exp(0.5 * random.nextGaussian()) * educationFactor(education)
                * incomeFactor(incomeType) * (1 + INCOME_INFLATION * gradual);
        income = round(Math.max(25_650, income), 0);
        boolean revolving = contract.equals("Revolving loans");
        double credit = revolving ? 135_000 * Math.exp(0.5 * random.nextGaussian())
                : Math.min(4_050_000, Math.max(45_000, income * 3.3 * Math.exp(0.55 * random.nextGaussian())));
        credit = round(credit * (1 + CREDIT_INFLATION * gradual), 1);
        int months = 12 + 6 * random.nextInt(9);
        double annuity = revolving ? credit * 0.05 : credit * 0.01 / (1 - Math.pow(1.01, -months));
        annuity = round(annuity, 1);
        Double goods = revolving || random.nextDouble() < GOODS_PRICE_MISSING ? null
                : round(credit * (0.78 + 0.22 * random.nextDouble()), 1);

        f.put("NAME_CONTRACT_TYPE", contract);
        f.put("CODE_GENDER", female ? "F" : "M");
        f.put("FLAG_OWN_CAR", car ? "Y" : "N");
        f.put("FLAG_OWN_REALTY", realty ? "Y" : "N");
        f.put("CNT_CHILDREN", (double) children);
        f.put("AMT_INCOME_TOTAL", income);
        f.put("AMT_CREDIT", credit);
        f.put("AMT_ANNUITY", annuity);
        f.put("AMT_GOODS_PRICE", goods);
        f.put("NAME_TYPE_SUITE", random.nextDouble() < 0.0042 ? null : SUITE.pick(random));
        f.put("NAME_INCOME_TYPE", incomeType);
        f.put("NAME_EDUCATION_TYPE", education);
        f.put("NAME_FAMILY_STATUS", family);
        f.put("NAME_HOUSING_TYPE", newSegment ? NEW_SEGMENT_HOUSING.pick(random) : HOUSING.pick(random));
        f.put("REGION_POPULATION_RELATIVE", REGION_POPULATION[random.nextInt(REGION_POPULATION.length)]);
        f.put("DAYS_BIRTH", (double) -Math.round(age * 365.25));
        f.put("DAYS_EMPLOYED", pensioner ? PENSIONER_DAYS_EMPLOYED : (double) -Math.round(employedYears * 365.25));
        f.put("DAYS_REGISTRATION", (double) -Math.round((age - 18) * 365.25 * random.nextDouble() * 0.8));
        f.put("DAYS_ID_PUBLISH", (double) -Math.round(Math.min(age - 16, 17) * 365.25 * random.nextDouble()));
        f.put("OWN_CAR_AGE", car ? (double) Math.round(-Math.log(1 - random.nextDouble()) * 11) : null);
        f.put("FLAG_MOBIL", 1.0);
        f.put("FLAG_EMP_PHONE", pensioner ? 0.0 : 1.0);
        f.put("FLAG_WORK_PHONE", flag(0.2));
        f.put("FLAG_CONT_MOBILE", flag(0.998));
        f.put("FLAG_PHONE", flag(newSegment ? 0.05 : 0.28));
        f.put("FLAG_EMAIL", flag(newSegment ? 0.3 : 0.057));
        f.put("OCCUPATION_TYPE", pensioner || random.nextDouble() < OCCUPATION_MISSING ? null : OCCUPATION.pick(random));
        f.put("CNT_FAM_MEMBERS", (double) children + (family.equals("Married") || family.equals("Civil marriage") ? 2 : 1));
        int regionRating = random.nextDouble() < 0.105 ? 1 : random.nextDouble() < 0.82 ? 2 : 3;
        f.put("REGION_RATING_CLIENT", (double) regionRating);
        f.put("REGION_RATING_CLIENT_W_CITY", (double) (random.nextDouble() < 0.95 ? regionRating
                : Math.max(1, Math.min(3, regionRating + (random.nextBoolean() ? 1 : -1)))));
        f.put("WEEKDAY_APPR_PROCESS_START", WEEKDAY.pick(random));
        f.put("HOUR_APPR_PROCESS_START", (double) Math.max(0, Math.min(23, Math.round(12 + 3.3 * random.nextGaussian()))));
        f.put("REG_REGION_NOT_LIVE_REGION", flag(0.015));
        f.put("REG_REGION_NOT_WORK_REGION", flag(0.05));
        f.put("LIVE_REGION_NOT_WORK_REGION", flag(0.04));
        f.put("REG_CITY_NOT_LIVE_CITY", flag(newSegment ? 0.3 : 0.078));
        f.put("REG_CITY_NOT_WORK_CITY", flag(0.23));
        f.put("LIVE_CITY_NOT_WORK_CITY", flag(0.18));
        f.put("ORGANIZATION_TYPE", pensioner ? "XNA" : ORGANIZATION.pick(random));

        double ext1 = extSource(risk, 0.9);
        double ext2 = extSource(risk, 1.1);
        double ext3 = extSource(risk, 1.0) - EXT_SOURCE_3_DECLINE * gradual;
        boolean thinFile = newSegment;
        Double ext1Seen = random.nextDouble() < (thinFile ? 0.95 : EXT_SOURCE_1_MISSING) ? null : round(ext1, 6);
        Double ext2Seen = random.nextDouble() < EXT_SOURCE_2_MISSING ? null : round(ext2, 6);
        Double ext3Seen = random.nextDouble() < (thinFile ? 0.6 : EXT_SOURCE_3_MISSING) ? null
                : round(Math.max(0.0005, ext3), 6);
        f.put("EXT_SOURCE_1", ext1Seen);
        f.put("EXT_SOURCE_2", ext2Seen);
        f.put("EXT_SOURCE_3", ext3Seen);

        boolean socialMissing = random.nextDouble() < SOCIAL_CIRCLE_MISSING;
        double obs30 = Math.floor(-Math.log(1 - random.nextDouble()) * 1.4);
        double def30 = binomial((int) obs30, 0.1 + 0.04 * risk);
        f.put("OBS_30_CNT_SOCIAL_CIRCLE", socialMissing ? null : obs30);
        f.put("DEF_30_CNT_SOCIAL_CIRCLE", socialMissing ? null : def30);
        f.put("OBS_60_CNT_SOCIAL_CIRCLE", socialMissing ? null : obs30 + (random.nextDouble() < 0.1 ? 1 : 0));
        f.put("DEF_60_CNT_SOCIAL_CIRCLE", socialMissing ? null : Math.max(0, def30 - (random.nextDouble() < 0.3 ? 1 : 0)));
        f.put("DAYS_LAST_PHONE_CHANGE", random.nextDouble() < 0.12 ? 0.0
                : (double) -Math.round(-Math.log(1 - random.nextDouble()) * (newSegment ? 200 : 960)));
        for (int d = 0; d < DOCUMENT_SHARE.length; d++) {
            f.put("FLAG_DOCUMENT_" + (d + 2), flag(DOCUMENT_SHARE[d]));
        }
        boolean requestsMissing = random.nextDouble() < (thinFile ? 0.6 : BUREAU_REQUESTS_MISSING);
        f.put("AMT_REQ_CREDIT_BUREAU_HOUR", requestsMissing ? null : flag(0.005));
        f.put("AMT_REQ_CREDIT_BUREAU_DAY", requestsMissing ? null : flag(0.005));
        f.put("AMT_REQ_CREDIT_BUREAU_WEEK", requestsMissing ? null : flag(0.03));
        f.put("AMT_REQ_CREDIT_BUREAU_MON", requestsMissing ? null : poisson(0.27));
        f.put("AMT_REQ_CREDIT_BUREAU_QRT", requestsMissing ? null : poisson(0.27));
        f.put("AMT_REQ_CREDIT_BUREAU_YEAR", requestsMissing ? null : poisson(1.9));

        f.put("CREDIT_INCOME_RATIO", round(credit / income, 6));
        f.put("ANNUITY_INCOME_RATIO", round(annuity / income, 6));
        f.put("CREDIT_TERM", round(annuity / credit, 6));
        f.put("DAYS_EMPLOYED_RATIO", pensioner ? null : round(employedYears / age, 6));
        f.put("GOODS_CREDIT_RATIO", goods == null ? null : round(goods / credit, 6));

        building(f);
        for (Aggregate aggregate : AGGREGATES) {
            aggregate(f, aggregate, risk, thinFile);
        }
        // a minority paid instalments of earlier loans a month or more late: the strongest single signal
        boolean delinquent = f.get("INSTAL_COUNT") != null && random.nextDouble() < DELINQUENT_SHARE;
        if (delinquent) {
            double worst = round(LATE_DAYS + -Math.log(1 - random.nextDouble()) * LATE_DAYS, 0);
            f.put("INSTAL_DPD_MAX", worst);
            f.put("INSTAL_DPD_MEAN", round(worst * (0.1 + 0.3 * random.nextDouble()), 3));
        }

        double score = SCORE_SCALE * score(ext1Seen, ext2Seen, ext3Seen, age, employedYears, pensioner,
                annuity / income, female, education, regionRating, def30) + (delinquent ? DELINQUENCY_WEIGHT : 0);
        double logit = INTERCEPT + score;
        double probability = round(sigmoid(logit / CALIBRATION), 6);
        double trueLogit = INTERCEPT + CONCEPT_DEFAULT_SHIFT * concept + score * (1 - CONCEPT_WEAKENING * concept)
                + HIDDEN_RISK * (1 + CONCEPT_EXTRA_RISK * concept) * random.nextGaussian();
        int defaulted = random.nextDouble() < sigmoid(trueLogit) ? 1 : 0;
        // drawn for everyone, so that a scenario changes values, never the random stream of later applicants
        int days = 1 + random.nextInt(PERFORMANCE_DAYS);
        int daysToDefault = defaulted == 1 ? days : 0;
        return new Applicant(f, probability, defaulted, daysToDefault);
    }

    /** The model's risk score (before intercept and scale): what the features say. */
    private static double score(Double ext1, Double ext2, Double ext3, double age, double employedYears,
            boolean pensioner, double annuityToIncome, boolean female, String education, int regionRating,
            double def30) {
        double weights = 0;
        double ext = 0;
        if (ext1 != null) {
            ext += 0.8 * ext1;
            weights += 0.8;
        }
        if (ext2 != null) {
            ext += 1.0 * ext2;
            weights += 1.0;
        }
        if (ext3 != null) {
            ext += 1.1 * ext3;
            weights += 1.1;
        }
        double extMean = weights == 0 ? 0.45 : ext / weights;
        double s = -1.25 * (extMean - 0.5) / 0.15;
        s += -0.22 * (age - 43) / 12;
        s += pensioner ? -0.1 : -0.18 * (Math.min(employedYears, 20) - 5) / 5;
        s += 0.15 * (annuityToIncome - 0.18) / 0.1;
        s += female ? 0 : 0.3;
        s += switch (education) {
            case "Higher education", "Academic degree" -> -0.35;
            case "Lower secondary" -> 0.35;
            case "Incomplete higher" -> 0.1;
            default -> 0;
        };
        s += 0.25 * (regionRating - 2);
        s += 0.3 * Math.min(def30, 2);
        return s;
    }

    private void building(Map<String, Object> f) {
        boolean hasBuilding = random.nextDouble() < HAS_BUILDING_INFO;
        double[] values = new double[BUILDING_STEMS.length];
        boolean[] present = new boolean[BUILDING_STEMS.length];
        for (int i = 0; i < BUILDING_STEMS.length; i++) {
            present[i] = hasBuilding && random.nextDouble() < (1 - BUILDING_MISSING[i]) / HAS_BUILDING_INFO;
            double spread = BUILDING_CENTRE[i] > 0.5 ? 0.02 : 0.6;
            values[i] = Math.min(1, BUILDING_CENTRE[i] * Math.exp(spread * random.nextGaussian()));
        }
        for (String stat : new String[] {"AVG", "MODE", "MEDI"}) {
            for (int i = 0; i < BUILDING_STEMS.length; i++) {
                double jitter = stat.equals("AVG") ? 1 : 1 + (stat.equals("MODE") ? 0.05 : 0.02) * random.nextGaussian();
                f.put(BUILDING_STEMS[i] + "_" + stat, present[i] ? round(Math.min(1, Math.max(0, values[i] * jitter)), 4) : null);
            }
        }
        f.put("FONDKAPREMONT_MODE", hasBuilding && random.nextDouble() < 0.62 ? FONDKAPREMONT.pick(random) : null);
        f.put("HOUSETYPE_MODE", hasBuilding && random.nextDouble() < 0.96 ? HOUSETYPE.pick(random) : null);
        f.put("TOTALAREA_MODE", hasBuilding && random.nextDouble() < 0.99 ? round(Math.min(1, 0.07 * Math.exp(0.7
                * random.nextGaussian())), 4) : null);
        f.put("WALLSMATERIAL_MODE", hasBuilding && random.nextDouble() < 0.95 ? WALLS.pick(random) : null);
        f.put("EMERGENCYSTATE_MODE", hasBuilding && random.nextDouble() < 0.97 ? (random.nextDouble() < 0.015 ? "Yes"
                : "No") : null);
    }

    private void aggregate(Map<String, Object> f, Aggregate a, double risk, boolean thinFile) {
        boolean present = random.nextDouble() < a.present() * (thinFile ? 0.2 : 1);
        int count = present ? 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 4) : 0;
        for (int s = 0; s < a.stems().length; s++) {
            double shift = random.nextGaussian() + a.riskLoading()[s] * risk;
            double spread = count == 1 ? 0 : Math.abs(random.nextGaussian()) * 0.8;
            for (String stat : a.stats()) {
                double z = switch (stat) {
                    case "MAX" -> shift + spread;
                    case "MIN" -> shift - spread;
                    default -> shift;
                };
                double value = a.logScale()[s] ? a.centre()[s] * Math.exp(a.scale()[s] * z)
                        : a.centre()[s] + a.scale()[s] * z;
                boolean nonNegative = a.centre()[s] > 0;
                f.put(a.prefix() + "_" + a.stems()[s] + "_" + stat,
                        present ? round(nonNegative ? Math.max(0, value) : Math.min(0, value), 3) : null);
            }
        }
        f.put(a.prefix() + "_COUNT", present ? (double) count : null);
    }

    private double extSource(double risk, double loading) {
        return sigmoid(-0.55 * loading * risk + 0.7 * random.nextGaussian());
    }

    private int children() {
        double u = random.nextDouble();
        return u < 0.7 ? 0 : u < 0.9 ? 1 : u < 0.98 ? 2 : 3;
    }

    private Double flag(double share) {
        return random.nextDouble() < share ? 1.0 : 0.0;
    }

    private double poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private double binomial(int n, double p) {
        double clamped = Math.max(0, Math.min(1, p));
        int k = 0;
        for (int i = 0; i < n; i++) {
            k += random.nextDouble() < clamped ? 1 : 0;
        }
        return k;
    }

    private static double educationFactor(String education) {
        return switch (education) {
            case "Higher education", "Academic degree" -> 1.35;
            case "Incomplete higher" -> 1.1;
            case "Lower secondary" -> 0.8;
            default -> 1;
        };
    }

    private static double incomeFactor(String incomeType) {
        return switch (incomeType) {
            case "Commercial associate" -> 1.15;
            case "State servant" -> 1.1;
            case "Pensioner" -> 0.72;
            case "Student" -> 0.5;
            default -> 1;
        };
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Writes a reference dataset: a header row, then {@code rows} applicants with {@code target} and {@code probability}. */
    public void writeReferenceCsv(int rows, String targetColumn, String probabilityColumn, Appendable out) {
        try {
            out.append(String.join(",", FEATURE_NAMES)).append(',').append(targetColumn).append(',')
                    .append(probabilityColumn).append('\n');
            StringBuilder line = new StringBuilder(2048);
            for (int r = 0; r < rows; r++) {
                Applicant applicant = next();
                line.setLength(0);
                for (Object value : applicant.features().values()) {
                    csvCell(line, value);
                    line.append(',');
                }
                line.append(applicant.defaulted()).append(',').append(applicant.probability()).append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csvCell(StringBuilder line, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Double number) {
            if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                line.append(number.longValue());
            } else {
                line.append(number.doubleValue());
            }
            return;
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0) {
            line.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else {
            line.append(text);
        }
    }
}
