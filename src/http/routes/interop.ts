// Routes of issue 6 (Open311, 110 link, centre-to-centre, webhooks, import/export).
import type { AppContext } from '../../app/context.ts';
import type { App } from '../server.ts';

export function interopRoutes(api: App, app: AppContext): void {
  void api;
  void app;
}
