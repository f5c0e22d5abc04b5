/** The navigation each role sees (labels from the catalogue). */
import type { Role } from '../domain/access/roles';
import { t } from '../i18n';

const LINKS: Record<Role, [string, string][]> = {
  operator: [['/tugas', 'nav.tasks']],
  evaluator: [['/tinjauan', 'nav.review'], ['/dasbor', 'nav.dashboard']],
  pimpinan: [['/dasbor', 'nav.dashboard']],
  admin: [
    ['/dasbor', 'nav.dashboard'], ['/tinjauan', 'nav.review'], ['/admin/siklus', 'nav.cycles'],
    ['/admin/instrumen', 'nav.instruments'], ['/admin/lembaga', 'nav.register'], ['/admin/pengguna', 'nav.users'],
  ],
};

export function navFor(role: Role, currentPath: string): { href: string; label: string; current: boolean }[] {
  return [...LINKS[role], ['/akun/sandi', 'nav.account'] as [string, string]].map(([href, key]) => ({
    href, label: t(key), current: currentPath === href || currentPath.startsWith(`${href}/`),
  }));
}
