/**
 * How a stage runs its targets. DISTRIBUTED (AWS): a Distributed Map of child executions reading items
 * from S3 and writing results to S3 — holds at 10,000 accounts × several regions. INLINE: an inline Map
 * over items carried in the payload, for Step Functions Local (which has no Distributed Map); it holds
 * while a stage's items fit in 256 KiB and the whole run in 25,000 history events (a few hundred targets).
 */
export type StageMode = 'DISTRIBUTED' | 'INLINE';
