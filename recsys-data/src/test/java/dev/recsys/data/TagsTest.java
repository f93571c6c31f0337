package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagsTest {

    private static final Tags TAGS = new Tags(new int[] {1, 2, 1, 3}, new int[] {0, 4, -1, 2},
            List.of("funny", "dark", "long", "classic"), new long[] {300, 100, 200, 400});

    @Test
    void beforeKeepsTheTagsGivenStrictlyEarlierInOrder() {
        Tags early = TAGS.before(300); // 300 is not before 300: tags at 100 and 200 remain

        assertThat(early.size()).isEqualTo(2);
        assertThat(early.userIds()).containsExactly(2, 1);
        assertThat(early.movieIndices()).containsExactly(4, -1);
        assertThat(early.texts()).containsExactly("dark", "long");
        assertThat(early.timestamps()).containsExactly(100L, 200L);
        assertThat(TAGS.before(401)).isSameAs(TAGS);
        assertThat(TAGS.before(100).size()).isZero();
        assertThat(Tags.EMPTY.before(0).size()).isZero();
    }

    @Test
    void columnsMustHaveOneLength() {
        assertThatThrownBy(() -> new Tags(new int[1], new int[2], List.of("a"), new long[1]))
                .hasMessage("tag columns differ in length: users 1, movies 2, texts 1, timestamps 1");
    }
}
