import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/** A page of a feature, loaded only when opened (keeps the first page small). */
export interface FeatureRoute {
  path: string;
  Component: LazyExoticComponent<ComponentType>;
}

/** A big tile on the home page. `roles` limits who sees it; `public` shows it signed out too. */
export interface HomeTile {
  to: string;
  /** i18n key, "namespace:key". */
  label: string;
  icon: string;
  roles?: string[];
  public?: boolean;
}

/** Every feature's pages. A new feature adds its lines here. */
export const featureRoutes: FeatureRoute[] = [
  { path: '/login', Component: lazy(() => import('../features/accounts/LoginPage')) },
  { path: '/me', Component: lazy(() => import('../features/accounts/MePage')) },
];

export const homeTiles: HomeTile[] = [];
