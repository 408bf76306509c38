package dev.ortrain.loop;

/**
 * What a resume that extends a run does with a learning-rate schedule whose designed shape ends inside the
 * extension (a cosine fitted to the old length, see {@code Schedule.end()}).
 */
public enum ScheduleOnExtension {
  /** Refuse the resume, naming the schedule and where it ends: the schedule was likely fitted to the old length. */
  REFUSE,
  /** Continue the schedule past its end, as a run of the new length from the start with that schedule would. */
  CONTINUE_PAST_ITS_END
}
