import type { ExecutionResult, HistoryEvent } from '@stackset-lite/asl-local';

/** What an execution and its Distributed Map children cost, measured against AWS's quotas. */
export interface ExecutionMetrics {
  status: ExecutionResult['status'];
  /** Billed state transitions of the parent and every child execution. */
  stateTransitions: number;
  /** The largest history of any single execution (AWS's hard quota: 25,000 events each). */
  maxHistoryEvents: number;
  /** The largest state input/output in any history (AWS's quota: 262,144 bytes). */
  maxPayloadBytes: number;
  /** Child executions (targets deployed through the Distributed Map). */
  childExecutions: number;
  /** Mean state transitions per child execution (per stack instance). */
  transitionsPerInstance: number;
  /** Virtual seconds from start to stop of the parent. */
  virtualSeconds: number;
}

const PAYLOAD_FIELDS = ['input', 'output', 'parameters'] as const;

function largestPayload(events: readonly HistoryEvent[]): number {
  let max = 0;
  for (const event of events) {
    for (const [key, details] of Object.entries(event)) {
      if (!key.endsWith('EventDetails') || typeof details !== 'object' || details === null) continue;
      for (const field of PAYLOAD_FIELDS) {
        const value = (details as Record<string, unknown>)[field];
        if (typeof value === 'string') max = Math.max(max, Buffer.byteLength(value));
      }
    }
  }
  return max;
}

function allExecutions(result: ExecutionResult): ExecutionResult[] {
  const out: ExecutionResult[] = [];
  const stack = [result];
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    stack.push(...(e.childExecutions ?? []));
  }
  return out;
}

/** Measures an execution tree from its histories (the same events GetExecutionHistory returns). */
export function measureExecution(result: ExecutionResult): ExecutionMetrics {
  const executions = allExecutions(result);
  const children = executions.length - 1;
  let transitions = 0;
  let maxEvents = 0;
  let maxPayload = 0;
  for (const e of executions) {
    transitions += e.stateTransitions;
    maxEvents = Math.max(maxEvents, e.historyEventCount);
    maxPayload = Math.max(maxPayload, largestPayload(e.history));
  }
  const childTransitions = transitions - result.stateTransitions;
  return {
    status: result.status,
    stateTransitions: transitions,
    maxHistoryEvents: maxEvents,
    maxPayloadBytes: maxPayload,
    childExecutions: children,
    transitionsPerInstance: children ? Math.round((childTransitions / children) * 100) / 100 : 0,
    virtualSeconds: (result.stopDate.getTime() - result.startDate.getTime()) / 1000,
  };
}
