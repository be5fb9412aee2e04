// Routes of issue 4 (measures, assessment, reports, dashboard).
import type { AppContext } from '../../app/context.ts';
import type { App } from '../server.ts';

export function measureRoutes(api: App, app: AppContext): void {
  void api;
  void app;
}
