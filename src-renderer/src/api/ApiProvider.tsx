import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from './client';
import type { ProfileStore } from './profile';

const ApiContext = createContext<{ client: ApiClient; profiles: ProfileStore } | null>(null);

export function ApiProvider({ client, profiles, children }: { client: ApiClient; profiles: ProfileStore; children: ReactNode }) {
  return <ApiContext.Provider value={{ client, profiles }}>{children}</ApiContext.Provider>;
}

function useApiContext() {
  const context = useContext(ApiContext);
  if (!context) throw new Error('useApi must be used inside <ApiProvider>');
  return context;
}

export function useApi(): ApiClient {
  return useApiContext().client;
}

/** The profile this window or tab acts as (see profile.ts). */
export function useProfiles(): ProfileStore {
  return useApiContext().profiles;
}
