package dev.recsys.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

class IdDictionaryTest {

    @Test
    void idsGetDenseIntsInOrderOfFirstAppearance() {
        IdDictionary.Builder builder = IdDictionary.builder();
        assertThat(builder.add("u-8812")).isZero();
        assertThat(builder.add("SKU-19-B")).isEqualTo(1);
        assertThat(builder.add("u-8812")).isZero();
        assertThat(builder.add("42")).isEqualTo(2);

        IdDictionary ids = builder.build();

        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.ids()).containsExactly("u-8812", "SKU-19-B", "42");
        assertThat(ids.id(2)).isEqualTo("42");
        assertThat(ids.indexOf("SKU-19-B")).isEqualTo(1);
        assertThat(ids.indexOf("sku-19-b")).isEqualTo(-1);
        assertThat(ids.contains("42")).isTrue();
    }

    @Test
    void aBuiltDictionaryDoesNotChangeWhenTheBuilderGoesOn() {
        IdDictionary.Builder builder = IdDictionary.builder();
        builder.add("a");
        IdDictionary first = builder.build();
        builder.add("b");

        assertThat(first.size()).isEqualTo(1);
        assertThat(first.indexOf("b")).isEqualTo(-1);
        assertThat(builder.build().size()).isEqualTo(2);
    }

    @Test
    void aBuilderStartingFromADictionaryKeepsItsIntsAndAppendsNewIds() {
        IdDictionary.Builder builder = IdDictionary.builder(IdDictionary.of(List.of("a", "b")));
        assertThat(builder.add("b")).isEqualTo(1);
        assertThat(builder.add("c")).isEqualTo(2);
        assertThat(builder.build().ids()).containsExactly("a", "b", "c");
    }

    @Test
    void jacksonRoundTripsToAnEqualDictionary() throws Exception {
        ObjectMapper json = new ObjectMapper();
        IdDictionary ids = IdDictionary.of(List.of("b", "a", "ä \"quoted\""));

        String written = json.writeValueAsString(ids);
        IdDictionary read = json.readValue(written, IdDictionary.class);

        assertThat(written).isEqualTo("{\"ids\":[\"b\",\"a\",\"ä \\\"quoted\\\"\"]}");
        assertThat(read).isEqualTo(ids).hasSameHashCodeAs(ids);
        assertThat(read.indexOf("a")).isEqualTo(1);
    }

    @Test
    void badInputIsRejectedSayingWhat() {
        assertThatThrownBy(() -> IdDictionary.of(List.of("a", "b", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate id 'a' at position 2 (first at 0)");
        assertThatThrownBy(() -> IdDictionary.of(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("ids: the id at position 1 is null");
        assertThatThrownBy(() -> IdDictionary.of(List.of("a")).id(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id index out of range: expected 0..0, found 1");
    }

    @Property(tries = 200)
    void indexOfInvertsId(@ForAll @UniqueElements List<String> ids) {
        IdDictionary dictionary = IdDictionary.of(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dictionary.indexOf(dictionary.id(i))).isEqualTo(i);
        }
    }
}
