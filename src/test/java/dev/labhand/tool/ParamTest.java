package dev.labhand.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The longest value a parameter can take, as front ends declare it (Discord's max_length). */
final class ParamTest {

    @Test
    void should_bound_a_value_by_its_pattern_when_the_pattern_bounds_it() {
        assertThat(Param.workspace("name").maxLength()).isEqualTo(32);
        assertThat(Param.member("member").maxLength()).isEqualTo(64);
        assertThat(Param.string("text", Pattern.compile("(?s).{1,100}")).maxLength()).isEqualTo(100);
        assertThat(Param.string("path", Pattern.compile("/[a-z/]{0,40}")).maxLength()).isEqualTo(41);
        assertThat(Param.string("v", Pattern.compile("\\d{1,3}\\.\\d{1,3}")).maxLength()).isEqualTo(7);
        assertThat(Param.choice("provider", List.of("azure", "aws")).maxLength()).isEqualTo(5);
    }

    @Test
    void should_fall_back_to_the_validators_cap_when_the_pattern_does_not_bound_it() {
        assertThat(Param.string("any", Pattern.compile("[a-z]+")).maxLength()).isEqualTo(ArgsValidator.MAX_VALUE_LENGTH);
        assertThat(Param.string("either", Pattern.compile("a{1,300}|b")).maxLength()).isEqualTo(ArgsValidator.MAX_VALUE_LENGTH);
        assertThat(Param.string("long", Pattern.compile(".{1,1000}")).maxLength()).isEqualTo(ArgsValidator.MAX_VALUE_LENGTH);
        assertThat(Param.string("free", null).maxLength()).isEqualTo(ArgsValidator.MAX_VALUE_LENGTH);
    }
}
