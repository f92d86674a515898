package io.vidx.indexer.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyHeaderTest {
    @Test
    void parsesWhatNumpyWrites() throws Exception {
        NpyHeader h = NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 128), }          \n");
        assertThat(h.descr()).isEqualTo("<f4");
        assertThat(h.fortranOrder()).isEqualTo(false);
        assertThat(h.shape()).containsExactly(1000L, 128L);
    }

    @Test
    void parsesOddButValidSpellings() throws Exception {
        assertThat(NpyHeader.parse("{\"shape\":(3L,),\"descr\":\"|u1\",\"fortran_order\":True}").shape()).containsExactly(3L);
        assertThat(NpyHeader.parse("{'descr':'<f8','fortran_order':False,'shape':()}").shape()).isEmpty();
        assertThat(NpyHeader.parse("{'descr': [('a', '<f4', (2,))], 'fortran_order': False, 'shape': [4, 5], 'extra': None}").descr())
                .isEqualTo(List.of(List.of("a", "<f4", List.of(2L))));
        assertThat(NpyHeader.parse("{'descr': 'it\\'s', 'fortran_order': False, 'shape': (1, 1)}").descr()).isEqualTo("it's");
    }

    @Test
    void rejectsMalformedHeadersWithAReason() {
        assertThatThrownBy(() -> NpyHeader.parse("")).isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4'")).isInstanceOf(NpyHeader.Malformed.class);
        assertThatThrownBy(() -> NpyHeader.parse("{1: 2}")).isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("not a string");
        assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': 7}"))
                .isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("not a tuple");
        assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 'x')}"))
                .isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)} {")).isInstanceOf(NpyHeader.Malformed.class)
                .hasMessageContaining("after the dict");
        assertThatThrownBy(() -> NpyHeader.parse("{'a': 1 2}")).isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> NpyHeader.parse("{'a': -}")).isInstanceOf(NpyHeader.Malformed.class).hasMessageContaining("digits");
    }

    @Test
    void showSpellsValuesLikePython() {
        assertThat(NpyHeader.show(List.of(5L))).isEqualTo("(5,)");
        assertThat(NpyHeader.show(List.of(5L, 6L, 7L))).isEqualTo("(5, 6, 7)");
        assertThat(NpyHeader.show(true)).isEqualTo("True");
        assertThat(NpyHeader.show("<f4")).isEqualTo("'<f4'");
    }
}
