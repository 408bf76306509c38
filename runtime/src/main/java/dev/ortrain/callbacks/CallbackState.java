package dev.ortrain.callbacks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A built-in callback's checkpointed state: JSON with named fields and a format version, so that a field can
 * be added later without an older state being misread. A field without a value (no best metric yet) is left
 * out rather than written as a sentinel.
 */
final class CallbackState {
  private static final String VERSION = "version";
  // Doubles round-trip exactly through Double.toString, which Gson writes.
  private static final Gson GSON = new GsonBuilder().create();

  private final JsonObject fields;

  private CallbackState(JsonObject fields) {
    this.fields = fields;
  }

  /** An empty state of format {@code version}, to fill with {@link #with}. */
  static CallbackState ofVersion(int version) {
    JsonObject fields = new JsonObject();
    fields.addProperty(VERSION, version);
    return new CallbackState(fields);
  }

  /**
   * Reads a state that {@link #toJson()} wrote in format {@code version}.
   *
   * @param owner the callback, named in the messages
   * @throws IllegalArgumentException for text that is not such a state, or a state of another version
   */
  static CallbackState read(String text, String owner, int version) {
    JsonObject fields;
    try {
      JsonElement parsed = JsonParser.parseString(text);
      fields = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
    } catch (JsonParseException e) {
      fields = null;
    }
    if (fields == null || !fields.has(VERSION)) {
      throw new IllegalArgumentException("Unreadable " + owner + " state '" + text + "': not the JSON of state"
          + " version " + version + " (an ortrain before it wrote positional text). Resume with the ortrain that"
          + " wrote the checkpoint, or start the run again.");
    }
    int found = fields.get(VERSION).getAsInt();
    if (found != version) {
      throw new IllegalArgumentException("The " + owner + " state is version " + found + "; this ortrain reads"
          + " version " + version + ". Resume with the ortrain that wrote the checkpoint, or start the run again.");
    }
    return new CallbackState(fields);
  }

  CallbackState with(String name, long value) {
    fields.addProperty(name, value);
    return this;
  }

  /** Leaves the field out when {@code value} is NaN, which the callbacks use for "none yet". */
  CallbackState with(String name, double value) {
    if (!Double.isNaN(value)) {
      fields.addProperty(name, value);
    }
    return this;
  }

  /** Leaves the field out when {@code value} is null. */
  CallbackState with(String name, String value) {
    if (value != null) {
      fields.addProperty(name, value);
    }
    return this;
  }

  long whole(String name) {
    return require(name).getAsLong();
  }

  OptionalLong optionalWhole(String name) {
    return fields.has(name) ? OptionalLong.of(fields.get(name).getAsLong()) : OptionalLong.empty();
  }

  OptionalDouble number(String name) {
    return fields.has(name) ? OptionalDouble.of(fields.get(name).getAsDouble()) : OptionalDouble.empty();
  }

  Optional<String> text(String name) {
    return fields.has(name) ? Optional.of(fields.get(name).getAsString()) : Optional.empty();
  }

  private JsonElement require(String name) {
    JsonElement value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Unreadable callback state " + fields + ": it lacks '" + name + "'");
    }
    return value;
  }

  String toJson() {
    return GSON.toJson(fields);
  }
}
