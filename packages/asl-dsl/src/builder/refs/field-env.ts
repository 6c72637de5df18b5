import type { QueryLanguage } from '../../model/query-language.js';
import { joinPointer } from '../errors.js';
import type { JsonataKind } from '../flow/jsonata-shape.js';
import type { DataRoots, RenderEnv, VariableRead } from './render-ref.js';

/** Something with a JSON pointer into the definition (a state, a Choice rule, a field). */
export interface Located {
  readonly pointer: string;
}

/**
 * The render environment of one field (or one key or index inside it), whose JSON pointer is built
 * only when read. Pointers are needed only to report an error, yet every field of every state has an
 * environment: building them eagerly was a measurable share of `toModel()` on large machines.
 */
export class FieldEnv implements RenderEnv {
  readonly variableReads?: VariableRead[];
  readonly jsonataClaims?: Map<string, JsonataKind>;
  readonly #base: Located;
  readonly #segment: string | number | undefined;
  #pointer: string | undefined;

  constructor(
    readonly queryLanguage: QueryLanguage,
    readonly roots: DataRoots,
    readonly stateName: string | undefined,
    readonly field: string,
    variableReads: VariableRead[] | undefined,
    base: Located,
    segment: string | number | undefined,
    jsonataClaims?: Map<string, JsonataKind>,
  ) {
    if (variableReads !== undefined) this.variableReads = variableReads;
    if (jsonataClaims !== undefined) this.jsonataClaims = jsonataClaims;
    this.#base = base;
    this.#segment = segment;
  }

  /** `base`'s pointer followed by the segment (RFC 6901 escaped), built once on first read. */
  get pointer(): string {
    if (this.#pointer === undefined) {
      this.#pointer =
        this.#segment === undefined ? this.#base.pointer : joinPointer(this.#base.pointer, this.#segment);
    }
    return this.#pointer;
  }
}

/** A pointer some segments below another, built once on first read (e.g. `<state>/Catch/0`). */
export class PointerAt implements Located {
  readonly #base: Located;
  readonly #segments: readonly (string | number)[];
  #pointer: string | undefined;

  constructor(base: Located, ...segments: (string | number)[]) {
    this.#base = base;
    this.#segments = segments;
  }

  get pointer(): string {
    if (this.#pointer === undefined) this.#pointer = joinPointer(this.#base.pointer, ...this.#segments);
    return this.#pointer;
  }
}

/** The environment of a key or index inside `env`'s value: the same field, one segment deeper. */
export function childEnv(env: RenderEnv, segment: string | number): RenderEnv {
  return new FieldEnv(
    env.queryLanguage,
    env.roots,
    env.stateName,
    env.field,
    env.variableReads,
    env,
    segment,
    env.jsonataClaims,
  );
}
