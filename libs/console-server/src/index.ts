// Store
export { openConsoleStore, CONSOLE_DB_ENV } from './store/console-store';
export type { ConsoleStore, OpenConsoleStoreOptions } from './store/console-store';
export { defaultDataDir, findWorkspaceRoot, DATA_DIR_ENV } from './store/data-dir';
export type { Database, Queryable, Dialect, SqlValue, Row } from '@strata/sql';
export { MIGRATIONS } from './db/migrations';

// Users and roles
export { ROLES, RoleSchema, isRole } from './users/roles';
export type { Role } from './users/roles';
export { createUser, listUsers, getUser, setUserRole, setUserPassword, deleteUser, USERNAME_PATTERN } from './users/users';
export type { User, NewUser, UserSource } from './users/users';
export { ensureAdmin, ADMIN_PASSWORD_ENV, INITIAL_ADMIN_USERNAME } from './users/ensure-admin';
export type { EnsureAdminResult } from './users/ensure-admin';
export { authenticatePassword } from './users/authenticate';
export { hashPassword, verifyPassword, PASSWORD_HASH_PARAMS, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './users/password-hash';
export type { ScryptParams } from './users/password-hash';

// Sessions
export { createSession, sessionFromToken, destroySession, destroyUserSessions, SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_AGE_MS } from './sessions/sessions';
export type { NewSession, Session, SessionClock } from './sessions/sessions';
export { checkCsrf, CSRF_HEADER, CSRF_FIELD } from './sessions/csrf';
export { SESSION_COOKIE, sessionCookieAttributes, CONSOLE_URL_ENV } from './sessions/cookie';
export type { SessionCookieAttributes } from './sessions/cookie';

// Authorization
export { ACTIONS, ROLE_ACTIONS, can, requireRole } from './authz/authorization';
export type { Action } from './authz/authorization';

// Secrets
export { SECRET_KEY_ENV, SECRET_KEY_FILE } from './secrets/secret-key';
export type { SecretKey } from './secrets/secret-key';

// Cluster registry
export {
  registerCluster,
  importKubeconfig,
  listClusters,
  getCluster,
  clusterKubeconfig,
  updateClusterKubeconfig,
  removeCluster,
  CLUSTER_SOURCES,
  CLUSTER_NAME_PATTERN,
} from './clusters/registry';
export type { ClusterRecord, ClusterSource, NewCluster } from './clusters/registry';
export { validateKubeconfig, MAX_KUBECONFIG_BYTES } from './clusters/kubeconfig';
export type { KubeconfigSummary, KubeconfigAuth, KubeconfigChecks } from './clusters/kubeconfig';
export { syncInstalledClusters, installedClustersDir, InstalledClusterFileSchema } from './clusters/installed-clusters';
export type { SyncResult, InstalledClusterFile } from './clusters/installed-clusters';

// Kubernetes access per console role (impersonation)
export { clusterConnection, userConnection, forgetClusterConnections } from './kube/cluster-connections';
export { kubernetesIdentity, ROLE_GROUPS, KUBERNETES_NAME_PREFIX } from './kube/identity';
export { ensureConsoleAccess, consoleAccessObjects, CONSOLE_FIELD_MANAGER, OPERATOR_POD_POLICY } from './kube/console-access';
export { explainRoleDenial } from './kube/role-denial';

// OIDC
export { oidcConfigFromEnv, checkOidcConfig, roleFromGroups, OIDC_ENV, DEFAULT_OIDC_SCOPES } from './oidc/oidc-config';
export type { OidcConfig } from './oidc/oidc-config';
export { beginOidcLogin, completeOidcLogin } from './oidc/oidc-login';
export type { OidcLoginStart, OidcLoginChecks } from './oidc/oidc-login';

// License
export { setLicense, removeLicense, installedLicense, licenseState } from './license/license-state';
export type { LicenseOptions, LicenseState, InstalledLicense } from './license/license-state';
export { recordUsage, usageHistory, USAGE_RETENTION_MS } from './license/usage';
export type { UsageSample } from './license/usage';

// Audit
export { audit, listAudit, AUDIT_OUTCOMES } from './audit/audit';
export type { AuditEvent, AuditEntry, AuditOutcome } from './audit/audit';

// Installer wizard drafts
export { createDraft, listDrafts, getDraft, updateDraft, deleteDraft, MAX_DRAFT_DOCUMENT_CHARS, MAX_DRAFTS_PER_USER } from './drafts/drafts';
export type { WizardDraft, WizardDraftSummary, DraftInput } from './drafts/drafts';
