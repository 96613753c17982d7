import type { Logger } from 'pino';
import type { AuthService } from './auth/auth-service.ts';
import type { ResolvedConfig } from './config.ts';
import type { DataPaths } from './services/data-paths.ts';
import type { DocumentChecker } from './services/check-document.ts';
import type { SharedDuckDb } from './services/duckdb.ts';
import type { DatasetService } from './services/datasets.ts';
import type { DemoSeeder } from './services/demo.ts';
import type { PreviewService } from './services/preview-service.ts';
import type { EvaluateService } from './services/evaluate-service.ts';
import type { RunService } from './services/run-service.ts';
import type { RunEventHub } from './sse/run-event-hub.ts';
import type { RunStore } from './store/runs.store.ts';
import type { VersionStore } from './store/versions.store.ts';
import type { WorkflowStore } from './store/workflows.store.ts';
import type { CredentialStore } from './store/credentials.store.ts';
import type { SuppressionStore } from './store/suppression.store.ts';

/** What the routes are given: stores, services and settings, made once by createApp. */
export interface AppContext {
  config: ResolvedConfig;
  logger: Logger;
  paths: DataPaths;
  workflows: WorkflowStore;
  versions: VersionStore;
  runs: RunStore;
  runService: RunService;
  hub: RunEventHub;
  duckdb: SharedDuckDb;
  datasets: DatasetService;
  previews: PreviewService;
  /** Published versions compiled for one customer at a time (issue #17). */
  evaluator: EvaluateService;
  demo: DemoSeeder;
  /** The engine's validation plus the server's path rules (see checkDocument). */
  check: DocumentChecker;
  /** Accounts, sessions, API tokens and the audit log. */
  auth: AuthService;
  /** Named connections and secrets, encrypted at rest; documents name them. */
  credentials: CredentialStore;
  suppression: SuppressionStore;
}
