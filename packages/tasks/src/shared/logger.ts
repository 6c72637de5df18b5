import { Logger } from '@aws-lambda-powertools/logger';

/** Log keys every target-scoped line carries; credentials are never among them. */
export interface TargetLogKeys {
  accountId?: string;
  region?: string;
  stackName?: string;
  operation?: string;
}

/**
 * A Powertools Logger for one handler. Level from POWERTOOLS_LOG_LEVEL (default INFO); the simulated
 * estate passes a SILENT one. Keys are passed per line, not appended, because one handler instance serves
 * many concurrent targets in the simulator and appended keys would leak between them.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** A logger that prints nothing (for tests and large simulations). */
export function createSilentLogger(serviceName = 'stackset-lite'): Logger {
  return new Logger({ serviceName, logLevel: 'SILENT' });
}
