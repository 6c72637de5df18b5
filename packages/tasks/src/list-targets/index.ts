export { selectAccounts } from './account-selection.js';
export { createListTargetsHandler, type ListTargetsDeps } from './handler.js';
export {
  type OrganizationAccount,
  OrganizationalUnitNotFound,
  OrganizationReader,
} from './organization-reader.js';
export * from './schemas.js';
