package dev.recsys.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ml100kFoldTest {

    @Test
    void namesTheFilesOfEachFold() {
        assertThat(Ml100kFold.U1.baseFile()).isEqualTo("u1.base");
        assertThat(Ml100kFold.U5.testFile()).isEqualTo("u5.test");
        assertThat(Ml100kFold.UB.baseFile()).isEqualTo("ub.base");
        assertThat(Ml100kFold.crossValidation()).containsExactly(Ml100kFold.U1, Ml100kFold.U2, Ml100kFold.U3,
                Ml100kFold.U4, Ml100kFold.U5);
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(Ml100kFold.parse("u3")).isEqualTo(Ml100kFold.U3);
        assertThat(Ml100kFold.parse(" UA ")).isEqualTo(Ml100kFold.UA);
        assertThatThrownBy(() -> Ml100kFold.parse("u6"))
                .hasMessage("unknown ml-100k fold 'u6': expected one of u1, u2, u3, u4, u5, ua, ub");
    }
}
