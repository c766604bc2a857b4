package io.sparsim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {
    @Test
    void messageNamesFileLineFieldExpectationAndValue() {
        BadInputException e = new BadInputException("bandwidth", "a bandwidth like '3.35 TB/s'", "3.35")
                .under("gpu.hbm").at("h100.yaml", 14);
        assertEquals("h100.yaml:14: gpu.hbm.bandwidth: expected a bandwidth like '3.35 TB/s', got '3.35'",
                e.getMessage());
    }

    @Test
    void precisionParseRejectsUnknownWithAcceptedList() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 ", "--dtype"));
        BadInputException e = assertThrows(BadInputException.class, () -> Precision.parse("fp4", "--dtype"));
        assertEquals("--dtype: expected a precision fp32|tf32|bf16|fp16|fp8|int8, got 'fp4'", e.getMessage());
    }
}
