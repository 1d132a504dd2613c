/**
 * The history test/analytics.test.ts seeds, and whose reports it computes by hand. Days in UTC:
 * Jan 10 (r1, r2), Jan 11 (r3, r4), Feb 3 (r5); in Rome (UTC+1) r2, begun at 23:30 UTC, is on
 * Jan 11. r6 is a preflight conversation, counted nowhere.
 */
const MIN = 60_000;

interface Seeded {
  key: string;
  createdAt: string;
  department: 'd1' | 'd2';
  agents: Array<'a' | 'b'>;
  bot?: boolean;
  status: number;
  /** ms after creation */
  waiting?: number;
  firstResponse?: number;
  duration?: number;
  rating?: number;
  sourcePage?: string;
  preflight?: boolean;
}

export const HISTORY: Seeded[] = [
  {
    key: 'r1',
    createdAt: '2025-01-10T10:00:00Z',
    department: 'd1',
    agents: ['a'],
    status: 1000,
    waiting: MIN,
    firstResponse: MIN,
    duration: 30 * MIN,
    rating: 5,
    sourcePage: 'https://a.example/',
  },
  {
    key: 'r2',
    createdAt: '2025-01-10T23:30:00Z',
    department: 'd1',
    agents: ['b'],
    status: 200,
    waiting: 2 * MIN,
    firstResponse: 100_000,
    sourcePage: 'https://a.example/',
  },
  {
    key: 'r3',
    createdAt: '2025-01-11T08:00:00Z',
    department: 'd2',
    agents: ['a'],
    status: 1000,
    waiting: 30_000,
    firstResponse: 30_000,
    duration: 60 * MIN,
    rating: 3,
  },
  { key: 'r4', createdAt: '2025-01-11T09:00:00Z', department: 'd2', agents: [], bot: true, status: 200, rating: 4 },
  {
    key: 'r5',
    createdAt: '2025-02-03T12:00:00Z',
    department: 'd1',
    agents: ['a', 'b'],
    status: 1000,
    waiting: 90_000,
    firstResponse: 90_000,
    duration: 10 * MIN,
    rating: 5,
  },
  { key: 'r6', createdAt: '2025-01-10T12:00:00Z', department: 'd1', agents: ['a'], status: 200, preflight: true },
];
