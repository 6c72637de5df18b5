import type { JsonValue } from '@stackset-lite/asl-dsl/model';

/** What a state hands back: its output, where to go next (null = end) and variables to assign. */
export interface StateOutcome {
  output: JsonValue;
  next: string | null;
  assign?: Record<string, JsonValue> | undefined;
}

/** Where a state with Next/End goes: its Next, or null when it ends its graph. */
export function nextStateName(state: { readonly End?: boolean; readonly Next?: string }): string | null {
  return state.End ? null : (state.Next ?? null);
}
