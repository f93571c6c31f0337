package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IntIdIndexTest {

    /** The index agrees with a HashMap assigning indices in insertion order, across rehashes. */
    @Property(tries = 200)
    void agreesWithAHashMap(@ForAll @Size(max = 300) int[] ids, @ForAll @IntRange(min = 0) int probe) {
        IntIdIndex index = new IntIdIndex();
        Map<Integer, Integer> reference = new HashMap<>();
        for (int id : ids) {
            int expected = reference.computeIfAbsent(id, k -> reference.size());
            assertThat(index.add(id)).isEqualTo(expected);
        }
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((id, i) -> {
            assertThat(index.indexOf(id)).isEqualTo(i);
            assertThat(index.id(i)).isEqualTo(id);
        });
        assertThat(index.indexOf(probe)).isEqualTo(reference.getOrDefault(probe, -1));
    }
}
