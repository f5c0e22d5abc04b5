/** The navigation each role sees (labels from the catalogue). */
import type { Role } from '../domain/access/roles';
import { t } from '../i18n';

const LINKS: Record<Role, [string, string][]> = {
  operator: [['/tugas', 'nav.tasks'], ['/lembaga-saya', 'nav.myOrganisation']],
  evaluator: [['/tinjauan', 'nav.review'], ['/pengingat', 'nav.reminders'], ['/dasbor', 'nav.dashboard'], ['/lembaga', 'nav.register']],
  pimpinan: [['/dasbor', 'nav.dashboard'], ['/lembaga', 'nav.register']],
  admin: [
    ['/dasbor', 'nav.dashboard'], ['/tinjauan', 'nav.review'], ['/admin/siklus', 'nav.cycles'], ['/pengingat', 'nav.reminders'],
    ['/admin/instrumen', 'nav.instruments'], ['/admin/lembaga', 'nav.register'], ['/admin/pengguna', 'nav.users'],
    ['/admin/audit', 'nav.audit'], ['/admin/pengaturan', 'nav.settings'],
  ],
};

export function navFor(role: Role, currentPath: string): { href: string; label: string; current: boolean }[] {
  return [...LINKS[role], ['/pemberitahuan', 'nav.notices'] as [string, string], ['/akun/sandi', 'nav.account'] as [string, string]].map(([href, key]) => ({
    href, label: t(key), current: currentPath === href || currentPath.startsWith(`${href}/`),
  }));
}
