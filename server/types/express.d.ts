import type { AccessUser } from '../domain/access/roles';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** User.sessionEpoch when the session was made; a raised epoch ends older sessions. */
    epoch?: number;
    /** Absolute timeout: when the session began (ms). */
    startedAt?: number;
    csrf?: string;
    flash?: { kind: 'ok' | 'error' | 'warn'; text: string }[];
  }
}

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, loaded for this request (null when anonymous). */
      user: (AccessUser & { name: string; username: string; mustChangePassword: boolean }) | null;
    }
  }
}

export {};
