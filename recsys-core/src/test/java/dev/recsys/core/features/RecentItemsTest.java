package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecentItemsTest {

    /** User 7 rated 101 at t=10, 102 at t=20, 103 and 104 both at t=30; user 8 rated 201 at t=5. */
    private static final Examples TRAIN = Examples.of(new int[] {7, 8, 7, 7, 7}, new long[] {30, 5, 10, 20, 30},
            new int[] {103, 201, 101, 102, 104}, new float[] {5, 3, 2, 4, 1}, RatingScale.HALF_STARS);

    @Test
    void aQuerySeesOnlyItemsRatedStrictlyBeforeItOldestFirstLeftPadded() {
        RecentItems recent = RecentItems.builder().maxLength(3).build().fit(TRAIN);
        // user 7 at t=30: 101 and 102 (103 and 104 are at the query time, not before); at t=31 the
        // latest three of 101, 102, 103, 104 (ties in time keep row order: 103 before 104)
        MaskedIndices h = recent.encode(new int[] {7, 7, 7, 8, 9}, new long[] {30, 31, 10, 100, 100});
        assertThat(h.indices()).containsExactly(
                0, 101, 102,
                102, 103, 104,
                0, 0, 0,      // nothing before t=10
                0, 0, 201,
                0, 0, 0);     // unknown user
        assertThat(h.mask()).containsExactly(0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void weightsFollowRatingsAndRecency() {
        // ratings over the top rating (5): 101 → 0.4, 102 → 0.8; a half-life of one slot halves each
        // step back from the newest: 102 (newest) × 1, 101 × 0.5
        RecentItems recent = RecentItems.builder().maxLength(3).ratingWeighted(true).recencyHalfLife(1).build()
                .fit(TRAIN);
        assertThat(recent.weights(new int[] {7}, new long[] {30}))
                .containsExactly(new float[] {0, 0.4f * 0.5f, 0.8f}, within(1e-6f));
        assertThat(RecentItems.builder().maxLength(2).build().fit(TRAIN).weights(new int[] {7}, new long[] {30}))
                .containsExactly(1, 1);
        // caller-given histories know no ratings: recency only
        assertThat(recent.weights(new int[][] {{5, 6}})).containsExactly(new float[] {0, 0.5f, 1}, within(1e-6f));
    }

    @Test
    void callerGivenHistoriesKeepTheirLatestItems() {
        RecentItems recent = RecentItems.builder().maxLength(2).build();
        MaskedIndices h = recent.encode(new int[][] {{1, 2, 3}, {9}, {}});
        assertThat(h.indices()).containsExactly(2, 3, 0, 9, 0, 0);
        assertThat(h.mask()).containsExactly(1, 1, 0, 1, 0, 0);
    }

    /** The leakage property: no history slot holds an item rated at or after the query time. */
    @Property(tries = 50)
    void historiesNeverReachTheQueryTimeOrLater(@ForAll @IntRange(min = 1, max = 200) int rows, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 12) int maxLength) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] users = new int[rows];
        long[] times = new long[rows];
        int[] items = new int[rows];
        for (int i = 0; i < rows; i++) {
            users[i] = random.nextInt(5);
            times[i] = random.nextInt(20); // many ties
            items[i] = 1000 * users[i] + i; // unique per row, so a slot names its row
        }
        Examples train = Examples.of(users, times, items, new float[rows]);
        RecentItems recent = RecentItems.builder().maxLength(maxLength).build().fit(train);
        int[] queryUsers = new int[rows];
        long[] queryTimes = new long[rows];
        for (int q = 0; q < rows; q++) {
            queryUsers[q] = users[q];
            queryTimes[q] = times[q]; // each training example queried at its own time
        }
        MaskedIndices h = recent.encode(queryUsers, queryTimes);
        int[] ids = h.indices();
        float[] mask = h.mask();
        for (int q = 0; q < rows; q++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                if (users[i] == users[q] && times[i] < times[q]) {
                    expected.add(i);
                }
            }
            expected.sort((a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b]) : Integer.compare(a, b));
            List<Integer> latest = expected.subList(Math.max(0, expected.size() - maxLength), expected.size());
            List<Integer> found = new ArrayList<>();
            for (int s = 0; s < maxLength; s++) {
                if (mask[q * maxLength + s] == 1) {
                    int row = ids[q * maxLength + s] % 1000;
                    assertThat(times[row]).as("slot %d of query %d", s, q).isLessThan(times[q]);
                    assertThat(users[row]).isEqualTo(users[q]);
                    found.add(row);
                }
            }
            assertThat(found).isEqualTo(latest);
        }
    }

    @Test
    void jacksonRoundTripsTheFittedHistories() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RecentItems fitted = RecentItems.builder().maxLength(4).ratingWeighted(true).build().fit(TRAIN);
        RecentItems back = json.readValue(json.writeValueAsString(fitted), RecentItems.class);
        assertThat(back).isEqualTo(fitted);
        assertThat(back.encode(new int[] {7}, new long[] {99})).isEqualTo(fitted.encode(new int[] {7}, new long[] {99}));
        RecentItems unfitted = RecentItems.builder().build();
        assertThat(json.readValue(json.writeValueAsString(unfitted), RecentItems.class)).isEqualTo(unfitted);
    }

    @Test
    void misuseIsReportedClearly() {
        assertThatThrownBy(() -> RecentItems.builder().build().encode(new int[] {1}, new long[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessage("RecentItems is not fitted: call fit(train) first");
        assertThatThrownBy(() -> RecentItems.builder().maxLength(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength must be positive, found 0");
        assertThatThrownBy(() -> RecentItems.builder().recencyHalfLife(0).build())
                .hasMessage("recencyHalfLife must be positive (infinity for none), found 0.0");
        RecentItems fitted = RecentItems.builder().build().fit(TRAIN);
        assertThatThrownBy(() -> fitted.encode(new int[] {1, 2}, new long[] {1}))
                .hasMessage("expected one time per user, found 2 users and 1 times");
        assertThatThrownBy(() -> fitted.encode(new int[][] {{1}, null}))
                .isInstanceOf(NullPointerException.class).hasMessage("histories: the history at position 1 is null");
    }
}
