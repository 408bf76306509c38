package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line finds this module's experiments through their generated registrations, as a user's would. */
class CommandLineTest {
  @Test
  void listsTheExamplesExperiments() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Cli.execute(new String[] {"list"}, new PrintWriter(out, true), new PrintWriter(err, true)),
        err.toString());
    String listing = out.toString();
    assertTrue(listing.contains("FashionMnistMlp  (dev.ortrain.examples.FashionMnistMlp)\n"), listing);
    assertTrue(listing.contains("FashionMnistCnn  (dev.ortrain.examples.FashionMnistCnn)\n"), listing);
    assertTrue(listing.contains("DiabetesRegression  (dev.ortrain.examples.DiabetesRegression)\n"), listing);
    for (String javaModel : new String[] {"FashionMnistResNet", "FashionMnistVit", "FashionMnistLstm"}) {
      assertTrue(listing.contains(javaModel + "  (dev.ortrain.examples." + javaModel + ")\n"), listing);
    }
  }
}
