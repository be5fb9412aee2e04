// Routes of issue 3 (the web workbenches and the residents' portal, served from the built UI).
import type { AppContext } from '../../app/context.ts';
import type { App } from '../server.ts';

export function webRoutes(api: App, app: AppContext): void {
  void api;
  void app;
}
