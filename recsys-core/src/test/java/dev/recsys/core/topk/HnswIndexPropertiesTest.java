package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of filtered search that hold whatever the graph finds. */
class HnswIndexPropertiesTest {

    @Property(tries = 200)
    void filtersNeverLetAnExcludedOrUnlistedIdThrough(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 400) int k, @ForAll @IntRange(min = 0, max = 100) int excludedPercent,
            @ForAll boolean withAllowList, @ForAll @IntRange(min = 1, max = 100) int allowedPercent) {
        Random random = new Random(seed);
        int[] ids = HnswFixture.IDS;
        Set<Integer> excluded = sample(random, ids, excludedPercent);
        Set<Integer> allowed = withAllowList ? sample(random, ids, allowedPercent) : null;
        ItemFilter filter = allowed == null ? ItemFilter.excluding(toArray(excluded))
                : ItemFilter.allowing(toArray(allowed)).andExcluding(toArray(excluded));
        float[] query = HnswFixture.QUERIES[random.nextInt(HnswFixture.QUERIES.length)];

        TopKResult top = HnswFixture.INDEX.search(query, k, filter);

        int eligible = 0;
        for (int id : ids) {
            eligible += !excluded.contains(id) && (allowed == null || allowed.contains(id)) ? 1 : 0;
        }
        assertThat(top.size()).isEqualTo(Math.min(k, eligible));
        Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < top.size(); r++) {
            assertThat(excluded).doesNotContain(top.id(r));
            if (allowed != null) {
                assertThat(allowed).contains(top.id(r));
            }
            assertThat(seen.add(top.id(r))).as("id %d twice", top.id(r)).isTrue();
        }
    }

    /** About {@code percent}% of the ids, and a few ids the index does not hold. */
    private static Set<Integer> sample(Random random, int[] ids, int percent) {
        Set<Integer> chosen = new HashSet<>();
        for (int id : ids) {
            if (random.nextInt(100) < percent) {
                chosen.add(id);
            }
        }
        chosen.add(-1);
        chosen.add(Integer.MAX_VALUE);
        return chosen;
    }

    private static int[] toArray(Set<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
