import type { JsonValue } from '@stackset-lite/asl-dsl/model';

/** What a state hands back: its output, where to go next (null = end) and variables to assign. */
export interface StateOutcome {
  output: JsonValue;
  next: string | null;
  assign?: Record<string, JsonValue> | undefined;
}
