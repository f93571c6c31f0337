package dev.recsys.data.movielens;

/** The values a layout's ratings may take. */
enum RatingScale {
    /** 0.5 to 5.0 in steps of 0.5: the CSV layouts and ml-10m. */
    HALF_STARS(0.5, 2, "half-star scale 0.5 to 5.0"),
    /** 1 to 5 in whole stars: ml-1m and ml-100k. */
    WHOLE_STARS(1, 1, "whole-star scale 1 to 5");

    private final double min;
    private final int stepsPerStar;
    private final String description;

    RatingScale(double min, int stepsPerStar, String description) {
        this.min = min;
        this.stepsPerStar = stepsPerStar;
        this.description = description;
    }

    /** Whether {@code value} is on the scale (false for NaN). */
    boolean contains(double value) {
        double steps = value * stepsPerStar;
        return value >= min && value <= 5 && steps == Math.rint(steps);
    }

    @Override
    public String toString() {
        return description;
    }
}
