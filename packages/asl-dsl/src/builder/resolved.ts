import type { IntrinsicValue } from './intrinsics.js';
import type { JsonataExpression } from './jsonata.js';
import type { PathRef } from './refs/path-ref.js';
import type { LooseTemplate } from './template.js';

/**
 * The run-time value of a template: references, intrinsic calls and JSONata expressions replaced by
 * the types of the values they produce. Used to work out a state's output type.
 */
export type Resolved<X> =
  // A loose template (the constraint of an inferred payload) resolves to `unknown`: resolving it
  // structurally would recurse forever.
  LooseTemplate extends X
    ? unknown
    : X extends PathRef<infer T>
      ? T
      : X extends IntrinsicValue<infer T>
        ? T
        : X extends JsonataExpression<infer T>
          ? T
          : X extends readonly unknown[]
            ? { -readonly [I in keyof X]: Resolved<X[I]> }
            : X extends object
              ? { -readonly [K in keyof X]: Resolved<X[K]> }
              : X;

/** `Resolved<X>`, or `Fallback` when nothing was inferred (`X` is `never`). */
export type ResolvedOr<X, Fallback> = [X] extends [never] ? Fallback : Resolved<X>;
