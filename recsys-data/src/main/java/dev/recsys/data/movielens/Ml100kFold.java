package dev.recsys.data.movielens;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The predefined train/test splits shipped in the ml-100k folder, read with
 * {@link MovieLensReader#readFold}. {@code U1} to {@code U5} are the five folds of a 5-fold
 * cross-validation (each test file holds a disjoint fifth of u.data, 20,000 ratings);
 * {@code UA} and {@code UB} hold out exactly 10 ratings per user (9,430 ratings) as test.
 */
public enum Ml100kFold {
    /** {@code u1.base} / {@code u1.test}. */
    U1,
    /** {@code u2.base} / {@code u2.test}. */
    U2,
    /** {@code u3.base} / {@code u3.test}. */
    U3,
    /** {@code u4.base} / {@code u4.test}. */
    U4,
    /** {@code u5.base} / {@code u5.test}. */
    U5,
    /** {@code ua.base} / {@code ua.test}: 10 test ratings per user. */
    UA,
    /** {@code ub.base} / {@code ub.test}: 10 other test ratings per user. */
    UB;

    /** The five cross-validation folds, {@code U1} to {@code U5}. */
    public static List<Ml100kFold> crossValidation() {
        return List.of(U1, U2, U3, U4, U5);
    }

    /**
     * The fold named {@code name}, case-insensitively: "u1" to "u5", "ua", "ub".
     *
     * @throws IllegalArgumentException for any other name; the message lists the names
     */
    public static Ml100kFold parse(String name) {
        Objects.requireNonNull(name, "name");
        for (Ml100kFold fold : values()) {
            if (fold.name().equalsIgnoreCase(name.trim())) {
                return fold;
            }
        }
        throw new IllegalArgumentException("unknown ml-100k fold '" + name + "': expected one of "
                + Stream.of(values()).map(Ml100kFold::prefix).collect(Collectors.joining(", ")));
    }

    /** The training file name, e.g. {@code u1.base}. */
    public String baseFile() {
        return prefix() + ".base";
    }

    /** The test file name, e.g. {@code u1.test}. */
    public String testFile() {
        return prefix() + ".test";
    }

    private String prefix() {
        return name().toLowerCase(Locale.ROOT);
    }
}
