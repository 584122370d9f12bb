import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';

/** Data hooks for 单位审核 (a unit's reports waiting for its 审核人, and their outcome). */

export function useReportReviews(enabled: boolean) {
  const api = useApi();
  // Refreshed every minute: a reviewer should see a colleague's new report without a reload.
  return useQuery({ queryKey: ['reviews.list'], queryFn: () => api.call('reviews.list', {}), enabled, refetchInterval: 60_000 });
}
