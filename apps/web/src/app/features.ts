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
  { path: '/votes', Component: lazy(() => import('../features/votes/VotesPage')) } /* votes */,
  { path: '/votes/new', Component: lazy(() => import('../features/votes/NewVotePage')) } /* votes */,
  { path: '/votes/:id', Component: lazy(() => import('../features/votes/VotePage')) } /* votes */,
  { path: '/votes/:id/electorate', Component: lazy(() => import('../features/votes/ElectoratePage')) } /* votes */,
  { path: '/votes/:id/results', Component: lazy(() => import('../features/votes/ResultsPage')) } /* votes */,
  { path: '/events', Component: lazy(() => import('../features/events/WeekPage')) } /* events */,
  { path: '/events/tickets', Component: lazy(() => import('../features/events/TicketsPage')) } /* events */,
  { path: '/events/checkin', Component: lazy(() => import('../features/events/CheckInPage')) } /* events */,
  { path: '/events/new', Component: lazy(() => import('../features/events/NewEventPage')) } /* events */,
  { path: '/events/:eventId/:occKey', Component: lazy(() => import('../features/events/OccurrencePage')) } /* events */,
  { path: '/groups', Component: lazy(() => import('../features/groups/GroupsPage')) } /* events */,
  { path: '/groups/:id', Component: lazy(() => import('../features/groups/GroupPage')) } /* events */,
  { path: '/health', Component: lazy(() => import('../features/health/HealthPage')) } /* events */,
  { path: '/health/me', Component: lazy(() => import('../features/health/ResultsPage')) } /* events */,
  { path: '/health/people/:personId', Component: lazy(() => import('../features/health/ResultsPage')) } /* events */,
  { path: '/health/events/:id', Component: lazy(() => import('../features/health/HealthEventPage')) } /* events */,
  { path: '/daycare', Component: lazy(() => import('../features/daycare/DaycarePage')) } /* events */,
  { path: '/council', Component: lazy(() => import('../features/council/CouncilPage')) },
  { path: '/council/new', Component: lazy(() => import('../features/council/RaiseIssuePage')) },
  { path: '/council/issues/:id', Component: lazy(() => import('../features/council/IssuePage')) },
  { path: '/council/public/issues/:id', Component: lazy(() => import('../features/council/PublicIssuePage')) },
  { path: '/council/meetings', Component: lazy(() => import('../features/council/MeetingsPage')) },
  { path: '/council/meetings/:id', Component: lazy(() => import('../features/council/MeetingPage')) },
  { path: '/council/decisions/:id', Component: lazy(() => import('../features/council/DecisionPage')) },
  { path: '/council/notices/:id', Component: lazy(() => import('../features/council/NoticeBoardPage')) },
  { path: '/council/open311', Component: lazy(() => import('../features/council/Open311KeysPage')) },
  { path: '/discussion', Component: lazy(() => import('../features/discussion/BoardPage')) },
  { path: '/discussion/:id', Component: lazy(() => import('../features/discussion/TopicPage')) },
  { path: '/login', Component: lazy(() => import('../features/accounts/LoginPage')) },
  { path: '/me', Component: lazy(() => import('../features/accounts/MePage')) },
  { path: '/me/acting-for', Component: lazy(() => import('../features/accounts/ActingForPage')) },
  { path: '/me/history', Component: lazy(() => import('../features/accounts/HistoryPage')) },
  { path: '/invite/:code', Component: lazy(() => import('../features/accounts/InvitePage')) },
  { path: '/admin/roles', Component: lazy(() => import('../features/admin/RolesPage')) },
  { path: '/orders/new', Component: lazy(() => import('../features/orders/PlaceOrderPage')) },
  { path: '/orders/mine', Component: lazy(() => import('../features/orders/MyOrdersPage')) },
  { path: '/orders/volunteer', Component: lazy(() => import('../features/orders/VolunteerPage')) },
  { path: '/orders/board', Component: lazy(() => import('../features/orders/BoardPage')) },
  { path: '/orders/:id', Component: lazy(() => import('../features/orders/OrderPage')) },
  { path: '/notifications', Component: lazy(() => import('../features/notifications/InboxPage')) },
  { path: '/volunteer', Component: lazy(() => import('../features/volunteers/VolunteerHomePage')) } /* volunteers */,
  { path: '/volunteer/branch', Component: lazy(() => import('../features/volunteers/BranchPage')) } /* volunteers */,
  { path: '/pairing/:id', Component: lazy(() => import('../features/pairing/PairPage')) } /* volunteers */,
  { path: '/zones', Component: lazy(() => import('../features/zones/ZonesHome')) } /* volunteers */,
  { path: '/zones/:compoundId', Component: lazy(() => import('../features/zones/ZonesPage')) } /* volunteers */,
  { path: '/hours', Component: lazy(() => import('../features/hours/MyHoursPage')) } /* volunteers */,
  { path: '/hours/branch', Component: lazy(() => import('../features/hours/BranchHoursPage')) } /* volunteers */,
  { path: '/verify', Component: lazy(() => import('../features/hours/VerifyPage')) } /* volunteers */,
  { path: '/verify/:number', Component: lazy(() => import('../features/hours/VerifyPage')) } /* volunteers */,
  { path: '/registry', Component: lazy(() => import('../features/registry/RegistryPage')) } /* registry */,
  { path: '/registry/nodes/:id', Component: lazy(() => import('../features/registry/RegistryPage')) } /* registry */,
  { path: '/registry/buildings/:id', Component: lazy(() => import('../features/registry/BuildingPage')) } /* registry */,
  { path: '/registry/people/:id', Component: lazy(() => import('../features/registry/PersonPage')) } /* registry */,
  { path: '/registry/compounds/:id/org', Component: lazy(() => import('../features/registry/OrgPage')) } /* registry */,
  { path: '/import', Component: lazy(() => import('../features/import/ImportPage')) } /* registry */,
  { path: '/boards/compounds/:id', Component: lazy(() => import('../features/boards/BoardsIndexPage')) } /* registry */,
  { path: '/boards/buildings/:id', Component: lazy(() => import('../features/boards/BoardPage')) } /* registry */,
  { path: '/boards/buildings/:id/consents', Component: lazy(() => import('../features/boards/ConsentPage')) } /* registry */,
  { path: '/stations', Component: lazy(() => import('../features/stations/StationsPage')) } /* registry */,
  { path: '/stations/:id', Component: lazy(() => import('../features/stations/StationPage')) } /* registry */,
  { path: '/dashboard', Component: lazy(() => import('../features/dashboard/DashboardPage')) } /* dashboard */,
  { path: '/dashboard/:nodeId', Component: lazy(() => import('../features/dashboard/DashboardPage')) } /* dashboard */,
  { path: '/projects', Component: lazy(() => import('../features/projects/ProjectsPage')) } /* projects */,
  { path: '/projects/:id', Component: lazy(() => import('../features/projects/ProjectPage')) } /* projects */,
  { path: '/public/projects/:id', Component: lazy(() => import('../features/projects/PublicProjectPage')) } /* projects */,
  { path: '/notices', Component: lazy(() => import('../features/notices/NoticesPage')) } /* notices */,
  { path: '/notices/:id', Component: lazy(() => import('../features/notices/NoticePage')) } /* notices */,
  { path: '/conventions', Component: lazy(() => import('../features/notices/ConventionPage')) } /* notices */,
  { path: '/conventions/:nodeId', Component: lazy(() => import('../features/notices/ConventionPage')) } /* notices */,
];

export const homeTiles: HomeTile[] = [
  {
    to: '/votes',
    label: 'votes:tile',
    icon: '票',
    roles: ['resident', 'branch_secretary', 'committee_member', 'community_worker'],
  } /* votes */,
  { to: '/council/new', label: 'council:tile.raise', icon: '议', roles: ['resident', 'volunteer', 'community_worker'] },
  {
    to: '/council',
    label: 'council:tile.council',
    icon: '事',
    roles: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'community_worker'],
  },
  {
    to: '/discussion',
    label: 'council:tile.discussion',
    icon: '谈',
    roles: ['resident', 'volunteer', 'branch_secretary', 'committee_member'],
  },
  { to: '/me/acting-for', label: 'accounts:tileActFor', icon: '代', roles: ['community_worker', 'branch_secretary'] },
  { to: '/me/history', label: 'accounts:tileHistory', icon: '记', roles: ['resident'] },
  {
    to: '/admin/roles',
    label: 'admin:tile',
    icon: '权',
    roles: ['branch_secretary', 'community_worker', 'subdistrict_admin', 'district_admin', 'platform_admin'],
  },
  { to: '/events', label: 'events:tile', icon: '活' } /* events */,
  {
    to: '/events/checkin',
    label: 'events:tileCheckin',
    icon: '验',
    roles: ['branch_secretary', 'committee_member', 'community_worker', 'medical_staff'],
  } /* events */,
  {
    to: '/health',
    label: 'events:tileHealth',
    icon: '健',
    roles: ['resident', 'medical_staff', 'community_worker'],
  } /* events */,
  { to: '/daycare', label: 'events:tileDaycare', icon: '托', roles: ['branch_secretary', 'community_worker'] } /* events */,
  { to: '/orders/new', label: 'orders:tile.place', icon: '助', roles: ['resident', 'community_worker', 'branch_secretary'] },
  { to: '/orders/mine', label: 'orders:tile.mine', icon: '单', roles: ['resident'] },
  { to: '/orders/volunteer', label: 'orders:tile.volunteer', icon: '接', roles: ['volunteer'] },
  {
    to: '/orders/board',
    label: 'orders:tile.board',
    icon: '派',
    roles: ['branch_secretary', 'community_worker', 'committee_member'],
  },
  { to: '/notifications', label: 'notifications:tile', icon: '信' },
  { to: '/volunteer', label: 'volunteers:tile', icon: '志', roles: ['volunteer'] } /* volunteers */,
  {
    to: '/volunteer/branch',
    label: 'volunteers:tileBranch',
    icon: '队',
    roles: ['branch_secretary', 'committee_member', 'community_worker'],
  } /* volunteers */,
  {
    to: '/zones',
    label: 'zones:tile',
    icon: '区',
    roles: ['volunteer', 'branch_secretary', 'committee_member', 'community_worker'],
  } /* volunteers */,
  { to: '/verify', label: 'hours:verifyTile', icon: '证', public: true } /* volunteers */,
  {
    to: '/registry',
    label: 'registry:tile',
    icon: '册',
    roles: ['branch_secretary', 'committee_member', 'community_worker', 'subdistrict_admin', 'district_admin', 'platform_admin'],
  } /* registry */,
  {
    to: '/stations',
    label: 'stations:tile',
    icon: '站',
    roles: ['resident', 'volunteer', 'branch_secretary', 'community_worker', 'medical_staff'],
  } /* registry */,
  {
    to: '/notices',
    label: 'notices:tile',
    icon: '告',
    roles: [
      'resident',
      'volunteer',
      'branch_secretary',
      'committee_member',
      'community_worker',
      'subdistrict_admin',
      'district_admin',
      'platform_admin',
      'medical_staff',
    ],
  } /* notices */,
  {
    to: '/conventions',
    label: 'notices:conventionTile',
    icon: '约',
    roles: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'community_worker'],
  } /* notices */,
  {
    to: '/dashboard',
    label: 'dashboard:tile',
    icon: '览',
    roles: ['district_admin', 'subdistrict_admin', 'community_worker', 'branch_secretary', 'platform_admin'],
  } /* dashboard */,
  {
    to: '/projects',
    label: 'projects:tile',
    icon: '建',
    roles: ['branch_secretary', 'committee_member', 'community_worker', 'subdistrict_admin', 'district_admin', 'platform_admin'],
  } /* projects */,
];
