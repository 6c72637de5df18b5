import type { LifecycleStoryResult, StoryStep } from './lifecycle-story.js';

/** One narrated line per check: `✔ initial-deploy — OU of 20 accounts × 2 regions: 40 CURRENT; …`. */
export function formatStoryStep(step: StoryStep): string {
  return `${step.ok ? '✔' : '✘'} ${step.name} — ${step.detail}`;
}

/** `--json`: `{"story":"lifecycle","instances":{STATUS:count},"steps":[{"name","ok","detail"}],"ok":bool}`. */
export function lifecycleStoryJson(result: LifecycleStoryResult): string {
  return JSON.stringify({
    story: result.story,
    instances: result.instances,
    steps: result.steps.map(({ name, ok, detail }) => ({ name, ok, detail })),
    ok: result.ok,
  });
}
