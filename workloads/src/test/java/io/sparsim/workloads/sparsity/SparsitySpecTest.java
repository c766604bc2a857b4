package io.sparsim.workloads.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.model.LayerType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparsitySpecTest {
    private static final List<LayerType> BLOCK = List.of(LayerType.Q, LayerType.K, LayerType.V, LayerType.O,
            LayerType.GATE, LayerType.UP, LayerType.DOWN);

    @Test
    void denseIsDense() {
        SparsitySpec s = SparsitySpec.parse("dense");
        assertEquals(SparsitySpec.DENSE, s);
        assertTrue(s.isDense());
        assertEquals("dense", s.toString());
    }

    @Test
    void untargetedPatternCoversEveryLinearButTheHead() {
        SparsitySpec s = SparsitySpec.parse("unstructured:0.7");
        for (LayerType l : BLOCK) {
            assertEquals(new WeightSparsity.Unstructured(0.7), s.weight(l), l.id());
        }
        assertEquals(WeightSparsity.DENSE, s.weight(LayerType.LM_HEAD));
        assertEquals(Omission.NONE, s.omission());
    }

    @Test
    void groupsAndCombinations() {
        SparsitySpec s = SparsitySpec.parse("mlp=unstructured:0.7+attn=2:4");
        assertEquals(new WeightSparsity.NM(2, 4), s.weight(LayerType.Q));
        assertEquals(new WeightSparsity.NM(2, 4), s.weight(LayerType.O));
        assertEquals(new WeightSparsity.Unstructured(0.7), s.weight(LayerType.DOWN));
        assertEquals(WeightSparsity.DENSE, s.weight(LayerType.LM_HEAD));

        SparsitySpec b = SparsitySpec.parse("block:16x16:0.5");
        assertEquals(new WeightSparsity.Block(16, 16, 0.5), b.weight(LayerType.UP));

        SparsitySpec o = SparsitySpec.parse("omission:0.4");
        assertEquals(new Omission(0.4), o.omission());
        assertTrue(o.weights().values().stream().allMatch(WeightSparsity::isDense));

        SparsitySpec c = SparsitySpec.parse(" 2:4 + omission:0.3 ");
        assertEquals(new WeightSparsity.NM(2, 4), c.weight(LayerType.GATE));
        assertEquals(new Omission(0.3), c.omission());

        // A targeted term overrides the untargeted default, in either order.
        SparsitySpec d = SparsitySpec.parse("down=dense+2:4");
        assertEquals(WeightSparsity.DENSE, d.weight(LayerType.DOWN));
        assertEquals(new WeightSparsity.NM(2, 4), d.weight(LayerType.UP));
        assertEquals(d, SparsitySpec.parse("2:4+down=dense"));

        SparsitySpec h = SparsitySpec.parse("q,k,lm_head=unstructured:0.5");
        assertEquals(new WeightSparsity.Unstructured(0.5), h.weight(LayerType.LM_HEAD));
        assertEquals(WeightSparsity.DENSE, h.weight(LayerType.V));
    }

    @Test
    void densities() {
        assertEquals(1.0, WeightSparsity.DENSE.density());
        assertEquals(0.3, new WeightSparsity.Unstructured(0.7).density(), 1e-15);
        assertEquals(0.5, new WeightSparsity.NM(2, 4).density());
        assertEquals(0.25, new WeightSparsity.NM(1, 4).density());
        assertEquals(0.5, new WeightSparsity.Block(16, 16, 0.5).density());
    }

    @Test
    void keptValuesAndMetadata() {
        long rows = 4096;
        long cols = 11008;
        long elements = rows * cols;
        assertEquals(elements, WeightSparsity.DENSE.keptValues(rows, cols));
        assertEquals(0, WeightSparsity.DENSE.metadataBytes(rows, cols));
        // 2:4: half the values, 2 bits of index each.
        WeightSparsity.NM nm = new WeightSparsity.NM(2, 4);
        assertEquals(elements / 2, nm.keptValues(rows, cols));
        assertEquals(elements / 2 * 2 / 8, nm.metadataBytes(rows, cols));
        assertEquals(3, new WeightSparsity.NM(2, 8).indexBits());
        // A row of 6 under 2:4 keeps 2 of the first group and 2 of the tail of 2.
        assertEquals(4, nm.keptValues(1, 6));
        // Unstructured: a 1-bit mask over every element.
        WeightSparsity.Unstructured u = new WeightSparsity.Unstructured(0.75);
        assertEquals(elements / 4, u.keptValues(rows, cols));
        assertEquals(elements / 8, u.metadataBytes(rows, cols));
        // Block 16x16 at 50%: half the 256x688 tiles, a 4-byte index each.
        WeightSparsity.Block b = new WeightSparsity.Block(16, 16, 0.5);
        assertEquals(256L * 688 / 2, b.keptBlocks(rows, cols));
        assertEquals(elements / 2, b.keptValues(rows, cols));
        assertEquals(4L * 256 * 688 / 2, b.metadataBytes(rows, cols));
        // bf16 2:4 streams 9/16 of the dense bytes: half the values plus 2 bits per kept value.
        assertEquals(elements * 2 * 9 / 16, nm.compressedBytes(rows, cols, io.sparsim.core.Precision.BF16));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "unstructured:1.3 => sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got '1.3'",
        "unstructured:abc => sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got 'abc'",
        "3:2 => sparsity: expected 0 < N < M in 'N:M' (keep N of every M weights), got '3:2'",
        "0:4 => sparsity: expected 0 < N < M in 'N:M' (keep N of every M weights), got '0:4'",
        "sparse:0.5 => sparsity: expected a pattern dense|unstructured:F|N:M|block:RxC:F|omission:R, got 'sparse:0.5'",
        "ffn=2:4 => sparsity: expected layer names q|k|v|o|gate|up|down|lm_head or groups attn|mlp before '=', got 'ffn'",
        "mlp=2:4+up=unstructured:0.5 => sparsity: expected one pattern per layer, but 'up' is given both '2:4' and "
                + "'unstructured:0.5', got 'mlp=2:4+up=unstructured:0.5'",
        "2:4+unstructured:0.5 => sparsity: expected one pattern without targets, not both '2:4' and 'unstructured:0.5' "
                + "(name layers with 'mlp=...'), got '2:4+unstructured:0.5'",
        "2:4+ => sparsity: expected a term on each side of '+' (pattern dense|unstructured:F|N:M|block:RxC:F|omission:R), "
                + "got '2:4+'",
        "block:16:0.5 => sparsity: expected 'block:RxC:F' with integer block sizes R, C and a fraction F, e.g. "
                + "'block:16x16:0.5', got 'block:16:0.5'",
        "block:0x16:0.5 => sparsity: expected positive block sizes R and C in 'block:RxC:F', got '0x16'",
        "block:16x16:1 => sparsity: expected a sparsity fraction in [0, 1) in 'block:RxC:F', got '1'",
        "omission:1.0 => sparsity: expected an omission rate in [0, 1) in 'omission:R', got '1.0'",
        "mlp=omission:0.3 => sparsity: expected 'omission:R' without targets (one rate for MLP channels and attention "
                + "heads), got 'mlp=omission:0.3'",
        "omission:0.3+omission:0.4 => sparsity: expected one omission rate, not both 'omission:0.3' and 'omission:0.4', "
                + "got 'omission:0.3+omission:0.4'",
    })
    void invalidSpecsSayWhatWasExpected(String spec, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> SparsitySpec.parse(spec));
        assertEquals(message, e.getMessage());
        assertEquals("sparsity", e.field());
    }

    @Test
    void emptySpec() {
        BadInputException e = assertThrows(BadInputException.class, () -> SparsitySpec.parse("  "));
        assertEquals("sparsity: expected a sparsity spec like 'dense', 'unstructured:0.7', '2:4', 'block:16x16:0.5', "
                + "'omission:0.4' or 'mlp=unstructured:0.7+attn=2:4', got '  '", e.getMessage());
    }

    @Test
    void recordsValidateToo() {
        BadInputException e = assertThrows(BadInputException.class, () -> new WeightSparsity.Unstructured(1.3));
        assertEquals("sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got '1.3'", e.getMessage());
        assertThrows(BadInputException.class, () -> new WeightSparsity.NM(4, 4));
        assertThrows(BadInputException.class, () -> new Omission(-0.1));
        assertThrows(BadInputException.class, () -> new WeightSparsity.Unstructured(Double.NaN));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "dense => dense",
        "DENSE => dense",
        "unstructured:0.70 => unstructured:0.7",
        "2:4 => 2:4",
        "attn=2:4+mlp=unstructured:0.7 => attn=2:4+mlp=unstructured:0.7",
        "mlp=unstructured:0.7+attn=2:4 => attn=2:4+mlp=unstructured:0.7",
        "q,k,v,o,gate,up,down=2:4 => 2:4",
        "2:4+omission:0.30 => 2:4+omission:0.3",
        "2:4+down=dense => attn,gate,up=2:4",
        "lm_head=2:4+2:4 => 2:4+lm_head=2:4",
        "omission:0.4 => omission:0.4",
        "dense+omission:0 => dense",
    })
    void canonicalText(String spec, String canonical) {
        assertEquals(canonical, SparsitySpec.parse(spec).toString());
    }

    /** Property: any spec's canonical text parses back to an equal spec (fixed seed). */
    @Test
    void roundTripOfRandomSpecs() {
        Random random = new Random(20240605);
        WeightSparsity[] patterns = {
            WeightSparsity.DENSE,
            new WeightSparsity.Unstructured(0.7),
            new WeightSparsity.Unstructured(0.5),
            new WeightSparsity.NM(2, 4),
            new WeightSparsity.NM(1, 8),
            new WeightSparsity.Block(16, 32, 0.25),
        };
        for (int trial = 0; trial < 2000; trial++) {
            Map<LayerType, WeightSparsity> m = new EnumMap<>(LayerType.class);
            // Bias towards few distinct patterns so the group names (attn, mlp) get exercised.
            int distinct = 1 + random.nextInt(3);
            for (LayerType l : LayerType.values()) {
                m.put(l, patterns[random.nextInt(distinct * 2)]);
            }
            double rate = random.nextBoolean() ? 0 : random.nextInt(100) / 100.0;
            if (random.nextInt(4) == 0) {
                rate = random.nextDouble();
            }
            SparsitySpec spec = new SparsitySpec(m, new Omission(rate));
            String text = spec.toString();
            assertEquals(spec, SparsitySpec.parse(text), text);
            assertEquals(text, SparsitySpec.parse(text).toString());
        }
    }

    @Test
    void omissionKeepsAtLeastOne() {
        assertEquals(6, new Omission(0.4).kept(10));
        assertEquals(1, new Omission(0.99).kept(4));
        assertEquals(6605, new Omission(0.4).kept(11008));
    }
}
