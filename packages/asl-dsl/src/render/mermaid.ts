import type { State, StateGraph, StateMachineDefinition } from '../model/index.js';
import { choiceRuleLabel } from './choice-rule-label.js';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Flowchart direction. @default "TD" */
  direction?: 'TD' | 'LR';
}

/**
 * Renders a state machine model as a Mermaid flowchart.
 *
 * Node shapes say the state type: Task `[ ]`, Pass `( )`, Choice `{ }` (rhombus), Wait `{{ }}`
 * (hexagon), Succeed `([ ])` (stadium), Fail `[[ ]]`; Parallel and Map are subgraphs holding their
 * branches / item processor. Choice edges carry their rule (`$.status == "FAILED"`), the Default edge
 * says `Default`, Catch edges are dashed and carry the error names. Every graph starts at a filled
 * circle and ends at a double circle.
 * @example console.log(toMermaid(fromAsl(readFileSync('machine.asl.json', 'utf8'))));
 */
export function toMermaid(model: StateMachineDefinition, options: MermaidOptions = {}): string {
  const writer = new MermaidWriter();
  writer.line(`flowchart ${options.direction ?? 'TD'}`);
  writer.graph(model, '  ', 'm');
  writer.styles();
  return writer.lines.join('\n');
}

/** Mermaid-safe label text: quotes, angle brackets and pipes become entities, line breaks spaces. */
function label(text: string): string {
  const safe = text
    .replaceAll('"', '#quot;')
    .replaceAll('<', '#lt;')
    .replaceAll('>', '#gt;')
    .replaceAll('|', '#124;')
    .replaceAll(/\s*\n\s*/g, ' ');
  return `"${safe}"`;
}

class MermaidWriter {
  readonly lines: string[] = [];
  private counter = 0;
  private readonly starts: string[] = [];
  private readonly ends: string[] = [];

  line(text: string): void {
    this.lines.push(text);
  }

  /** Writes one graph; `prefix` keeps ids unique across nested graphs. */
  graph(graph: StateGraph, pad: string, prefix: string): void {
    const ids = new Map<string, string>();
    for (const name of Object.keys(graph.States)) ids.set(name, `${prefix}_s${this.counter++}`);
    const start = `${prefix}_start`;
    const end = `${prefix}_end`;
    this.starts.push(start);
    this.ends.push(end);
    this.line(`${pad}${start}(( ))`);
    const first = ids.get(graph.StartAt);
    if (first) this.line(`${pad}${start} --> ${first}`);
    let hasEnd = false;
    for (const [name, state] of Object.entries(graph.States)) {
      const id = ids.get(name) as string;
      this.node(state, name, id, pad);
    }
    for (const [name, state] of Object.entries(graph.States)) {
      const id = ids.get(name) as string;
      if (this.edges(state, id, ids, end, pad)) hasEnd = true;
    }
    if (hasEnd) this.line(`${pad}${end}((( )))`);
  }

  private node(state: State, name: string, id: string, pad: string): void {
    switch (state.Type) {
      case 'Task':
        this.line(`${pad}${id}[${label(name)}]`);
        break;
      case 'Pass':
        this.line(`${pad}${id}(${label(name)})`);
        break;
      case 'Choice':
        this.line(`${pad}${id}{${label(name)}}`);
        break;
      case 'Wait':
        this.line(`${pad}${id}{{${label(name)}}}`);
        break;
      case 'Succeed':
        this.line(`${pad}${id}([${label(name)}])`);
        break;
      case 'Fail':
        this.line(`${pad}${id}[[${label(name)}]]`);
        break;
      case 'Parallel':
        this.line(`${pad}subgraph ${id}[${label(`Parallel: ${name}`)}]`);
        this.line(`${pad}  direction TB`);
        state.Branches.forEach((branch, i) => {
          this.line(`${pad}  subgraph ${id}_b${i}[${label(`Branch ${i + 1}`)}]`);
          this.graph(branch, `${pad}    `, `${id}_b${i}`);
          this.line(`${pad}  end`);
        });
        this.line(`${pad}end`);
        break;
      case 'Map': {
        const processor = state.ItemProcessor ?? state.Iterator;
        const mode = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'Distributed Map' : 'Map';
        this.line(`${pad}subgraph ${id}[${label(`${mode}: ${name}`)}]`);
        this.line(`${pad}  direction TB`);
        if (processor) this.graph(processor, `${pad}  `, `${id}_p`);
        this.line(`${pad}end`);
        break;
      }
    }
  }

  /** Writes a state's outgoing edges; true when it reaches the graph's end marker. */
  private edges(state: State, id: string, ids: Map<string, string>, end: string, pad: string): boolean {
    const target = (name: string) => ids.get(name) ?? `${id}_missing`;
    let reachesEnd = false;
    if (state.Type === 'Choice') {
      for (const rule of state.Choices) {
        this.line(`${pad}${id} -->|${label(choiceRuleLabel(rule))}| ${target(rule.Next)}`);
      }
      if (state.Default !== undefined) this.line(`${pad}${id} -->|Default| ${target(state.Default)}`);
    } else if (state.Type === 'Succeed') {
      this.line(`${pad}${id} --> ${end}`);
      reachesEnd = true;
    } else if (state.Type !== 'Fail') {
      if (state.Next !== undefined) this.line(`${pad}${id} --> ${target(state.Next)}`);
      if (state.End === true) {
        this.line(`${pad}${id} --> ${end}`);
        reachesEnd = true;
      }
    }
    if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
      for (const catcher of state.Catch ?? []) {
        this.line(`${pad}${id} -.->|${label(catcher.ErrorEquals.join(', '))}| ${target(catcher.Next)}`);
      }
    }
    return reachesEnd;
  }

  /** Start markers filled, end markers hollow. */
  styles(): void {
    this.line('  classDef start fill:#222,stroke:#222');
    this.line(`  class ${this.starts.join(',')} start`);
  }
}
