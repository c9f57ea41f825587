import { DashboardOverview } from '@/features/dashboard/components/dashboard-overview';
import { useSession } from '@/lib/auth/session';

export function DashboardRoute() {
  const session = useSession();
  if (session === null) return null;
  return <DashboardOverview usuario={session.usuario} />;
}

export default DashboardRoute;
