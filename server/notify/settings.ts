/**
 * What the notice writers need to know about this installation (set once at start from the
 * validated configuration; tests set it themselves): whether e-mail is on, and the public base
 * URL for links. Plus a process-local wake-up: the outbox worker of this instance hears at once
 * when a transaction that queued e-mail has ended (other instances find it by polling).
 */
import { EventEmitter } from 'node:events';

export interface NotifySettings {
  /** SMTP configured: e-mails are queued in the outbox beside the in-app notices */
  mail: boolean;
  /** e.g. https://monev.example.go.id; null = relative links only */
  baseUrl: string | null;
}

let current: NotifySettings = { mail: false, baseUrl: null };
const queued = new EventEmitter();
queued.setMaxListeners(50);

export function notifySettings(): NotifySettings {
  return current;
}

export function configureNotify(settings: NotifySettings): void {
  current = { ...settings };
}

/** Tell this process's worker(s) that e-mail may be waiting. */
export function signalQueued(): void {
  queued.emit('queued');
}

export function onQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}
