import type { AnyRoute } from './route-def.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { callRoutes } from './routes/call-routes.ts';
import { failedCallRoutes } from './routes/failed-call-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { complaintProcedureRoutes } from './routes/complaint-procedure-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';

/**
 * Every API route of the review app, each with the roles it allows. The authorization test walks
 * this table; a route that is not here does not exist.
 */
export const ROUTES: readonly AnyRoute[] = [
  ...authRoutes,
  ...failedCallRoutes,
  ...callRoutes,
  ...caseRoutes,
  ...adminRoutes,
  ...complaintProcedureRoutes,
  ...notificationRoutes,
  ...reportRoutes,
];
