// Routes of issue 5 (text pipeline, suggestions, duplicates, hot issues, knowledge search, reply check).
import type { AppContext } from '../../app/context.ts';
import type { App } from '../server.ts';

export function intakeRoutes(api: App, app: AppContext): void {
  void api;
  void app;
}
