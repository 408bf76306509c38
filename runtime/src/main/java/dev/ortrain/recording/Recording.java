package dev.ortrain.recording;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a run records ({@link Record}), and notes the caller adds to its {@code config.json} (the experiment's
 * name, the command line's overrides). Generated trainers record everything unless told otherwise; the engine
 * records nothing unless asked.
 *
 * @param records what is recorded
 * @param notes extra entries of {@code config.json}, by name (values Gson can write)
 */
public record Recording(Set<Record> records, Map<String, Object> notes) {
  public Recording {
    records = Collections.unmodifiableSet(records.isEmpty() ? EnumSet.noneOf(Record.class) : EnumSet.copyOf(records));
    notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  public static Recording everything() {
    return new Recording(EnumSet.allOf(Record.class), Map.of());
  }

  public static Recording nothing() {
    return new Recording(EnumSet.noneOf(Record.class), Map.of());
  }

  /** This recording less {@code off}. */
  public Recording without(List<Record> off) {
    EnumSet<Record> kept = records.isEmpty() ? EnumSet.noneOf(Record.class) : EnumSet.copyOf(records);
    off.forEach(kept::remove);
    return new Recording(kept, notes);
  }

  public Recording without(Record... off) {
    return without(List.of(off));
  }

  /** This recording with a note in {@code config.json}; a later note of the same name replaces it. */
  public Recording withNote(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(notes);
    more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Recording(records, more);
  }

  public boolean has(Record record) {
    return records.contains(record);
  }
}
