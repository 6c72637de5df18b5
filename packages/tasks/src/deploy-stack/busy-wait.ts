/**
 * Seconds the machine waits before looking again at a stack CloudFormation is busy with (another
 * operation, or a repair stackset-lite started). CloudFormation's own stack waiters poll every 30 s.
 */
export const BUSY_WAIT_SECONDS = 30;
