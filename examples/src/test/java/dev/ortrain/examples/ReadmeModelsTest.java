package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's Java model API part shows the examples' models as they are written, so the guide stays true. */
class ReadmeModelsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path MODELS = Path.of("src/main/java/dev/ortrain/examples/models");

  private static String model(String name) throws IOException {
    String source = Files.readString(MODELS.resolve(name + ".java"));
    return source.substring(source.indexOf("public final class " + name)).replace("public ", "").strip();
  }

  @ParameterizedTest
  @ValueSource(strings = {"BasicBlock", "TransformerBlock"})
  void theReadmeShowsTheBlockAsTheExamplesWriteIt(String block) throws IOException {
    Matcher shown = Pattern.compile("```java\n(final class " + block + " extends Module \\{\n.*?\n})\n```",
        Pattern.DOTALL).matcher(Files.readString(README));
    assertTrue(shown.find(), "README.md shows no " + block);
    assertEquals(model(block), shown.group(1));
  }

  @Test
  void theReadmeShowsTheVisionTransformersForwardAsWritten() throws IOException {
    Matcher shown = Pattern.compile("```java\n(Tensor x = patch\\.apply.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(README));
    assertTrue(shown.find(), "README.md shows no ViT forward");
    String indented = shown.group(1).lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
    String forward = model("VisionTransformer");
    assertTrue(forward.contains(indented), "README's ViT forward\n" + indented + "is not in\n" + forward);
  }
}
