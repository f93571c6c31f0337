package dev.recsys.data;

import java.util.List;
import java.util.Objects;

/**
 * Demographics of the layouts that have them (ml-1m {@code users.dat}, ml-100k {@code u.user}):
 * one row per user, in file order. Immutable.
 *
 * <p>Age is the layout's own coding (ml-1m: the lower bound of an age group, ml-100k: years);
 * occupation is the ml-100k name or the ml-1m numeric code as text.
 *
 * @param ids MovieLens user ids
 * @param genders "M" or "F"
 * @param ages age as the layout codes it
 * @param occupations occupation name or code
 * @param zipCodes zip code as written
 */
public record Users(int[] ids, List<String> genders, int[] ages, List<String> occupations, List<String> zipCodes) {

    /** Checks that the columns have one length, and copies them. */
    public Users {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(genders, "genders");
        Objects.requireNonNull(ages, "ages");
        Objects.requireNonNull(occupations, "occupations");
        Objects.requireNonNull(zipCodes, "zipCodes");
        int n = ids.length;
        if (genders.size() != n || ages.length != n || occupations.size() != n || zipCodes.size() != n) {
            throw new IllegalArgumentException("user columns differ in length: ids " + n + ", genders "
                    + genders.size() + ", ages " + ages.length + ", occupations " + occupations.size()
                    + ", zip codes " + zipCodes.size());
        }
        ids = ids.clone();
        genders = List.copyOf(genders);
        ages = ages.clone();
        occupations = List.copyOf(occupations);
        zipCodes = List.copyOf(zipCodes);
    }

    /** Number of users. */
    public int size() {
        return ids.length;
    }

    /** A copy of the id column. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** A copy of the age column. */
    @Override
    public int[] ages() {
        return ages.clone();
    }
}
