package dev.ortrain.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.tracking.HyperParameters.Flag;
import dev.ortrain.tracking.HyperParameters.Real;
import dev.ortrain.tracking.HyperParameters.Text;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperParametersTest {
  @Test
  void takesWhatDecidesHowAConfigurationTrains() {
    TrainerConfig config = TrainerConfig.builder().epochs(7).batchSize(32).learningRate(0.01f).seed(42)
        .optimizer(Optimizer.Sgd.withMomentum(0.9f)).accumulationSteps(2).clipGradNorm(1.5f).shuffle(false)
        .threads(3).build();

    Map<String, HyperParameters.Value> values = HyperParameters.of(config).values();

    assertEquals(List.of("epochs", "batchSize", "learningRate", "optimizer", "seed", "accumulationSteps",
        "clipGradNorm", "shuffle", "dropLast"), List.copyOf(values.keySet()));
    assertEquals(new Real(7), values.get("epochs"));
    assertEquals(new Real(32), values.get("batchSize"));
    assertEquals(new Real(0.01), values.get("learningRate"), "the float as written, not 0.009999999776");
    assertEquals(new Text(Optimizer.Sgd.withMomentum(0.9f).describe()), values.get("optimizer"));
    assertEquals(new Real(42), values.get("seed"));
    assertEquals(new Real(1.5), values.get("clipGradNorm"));
    assertEquals(new Flag(false), values.get("shuffle"));
    assertEquals(new Real(0), HyperParameters.of(TrainerConfig.builder().build()).values().get("clipGradNorm"),
        "no clipping is 0, a number like the clipping norms of other runs");
  }

  @Test
  void keepsWholeNumbersTooLargeForADoubleAsText() {
    HyperParameters seeds = HyperParameters.none().with("small", 1L << 52).with("large", (1L << 53) + 1);

    assertEquals(new Real(1L << 52), seeds.values().get("small"));
    assertEquals(new Text("9007199254740993"), seeds.values().get("large"));
  }

  @Test
  void writesValuesAsAPersonDoes() {
    HyperParameters hp = HyperParameters.none().with("epochs", 3).with("lr", 0.5).with("huge", 1e300)
        .with("name", "mlp").with("shuffle", true);

    assertEquals("epochs=3, lr=0.5, huge=1.0E300, name=mlp, shuffle=true", hp.asText());
    assertEquals("HyperParameters[epochs=3, lr=0.5, huge=1.0E300, name=mlp, shuffle=true]", hp.toString());
  }

  @Test
  void aNameGivenAgainTakesTheNewValueAndCopiesStayApart() {
    HyperParameters first = HyperParameters.none().with("lr", 0.1);
    HyperParameters second = first.with("lr", 0.2);

    assertEquals(new Real(0.1), first.values().get("lr"));
    assertEquals(new Real(0.2), second.values().get("lr"));
    assertNotEquals(first, second);
    assertEquals(second, HyperParameters.none().with("lr", 0.2));
    assertEquals(second.hashCode(), HyperParameters.none().with("lr", 0.2).hashCode());
    assertThrows(UnsupportedOperationException.class, () -> second.values().put("x", new Flag(true)));
  }

  @Test
  void refusesABlankName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HyperParameters.none().with(" ", "adam"));
    assertTrue(e.getMessage().contains("A hyper-parameter needs a name"), e.getMessage());
  }
}
