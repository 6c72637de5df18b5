export { createNotifyHandler, type NotifyContext, type NotifyDeps } from './handler.js';
export {
  type NotificationMessage,
  renderNotification,
  SNS_MESSAGE_LIMIT_BYTES,
} from './notification-message.js';
export {
  buildOperationReport,
  type FailureGroup,
  formatCounts,
  type OperationReport,
} from './operation-report.js';
export * from './schemas.js';
