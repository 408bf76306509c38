package dev.ortrain.cli;

import dev.ortrain.loop.FitResult;

/** One seed's run of {@code run --seeds}. */
record SeedRun(long seed, FitResult result) {}
