package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** IntIntMap against java.util.HashMap, through enough inserts to grow the table several times. */
class IntIntMapTest {

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll @Size(max = 2000) List<@IntRange(min = -3000, max = 3000) Integer> increments,
                             @ForAll @Size(max = 50) List<Integer> puts) {
        IntIntMap map = new IntIntMap(1);
        Map<Integer, Integer> reference = new HashMap<>();
        for (int key : increments) {
            map.increment(key);
            reference.merge(key, 1, Integer::sum);
        }
        for (int i = 0; i < puts.size(); i++) {
            map.put(puts.get(i), i);
            reference.put(puts.get(i), i);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        int[] keys = map.keys();
        Arrays.sort(keys);
        assertThat(keys).containsExactly(reference.keySet().stream().mapToInt(Integer::intValue).sorted().toArray());
        for (Map.Entry<Integer, Integer> e : reference.entrySet()) {
            assertThat(map.get(e.getKey(), -1)).isEqualTo(e.getValue());
        }
        assertThat(map.get(Integer.MIN_VALUE + 1, -7)).isEqualTo(reference.getOrDefault(Integer.MIN_VALUE + 1, -7));
    }
}
