import { useCallback, useEffect, useState } from 'react';
import { useLiveEvent } from '../notifications/live';
import { type OrderSummary, ordersApi } from './api';

/** A list of orders that reloads itself whenever a live order event arrives. */
export function useOrderList(which: 'mine' | 'open' | 'held' | 'board', enabled = true) {
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    if (!enabled) return;
    try {
      setOrders(await ordersApi.list(which));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [which, enabled]);
  useEffect(() => void load(), [load]);
  const live = useLiveEvent('order', () => void load(), enabled);
  return { orders, error, reload: load, live };
}
