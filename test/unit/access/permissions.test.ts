import { PERMISSIONS, POLICY, type Permission, can, isPermission, roleCan } from '../../../server/domain/access/permissions';
import { ROLES, type AccessUser, type Role } from '../../../server/domain/access/roles';

/*
 * Declared role × permission matrix (Y = granted). Written by hand from the access design;
 * the test generates every cell and compares with the policy the code enforces.
 */
const MATRIX = `
                     admin evaluator operator pimpinan
register.view        Y     Y         Y        Y
register.manage      Y     -         -        -
cycle.manage         Y     -         -        -
instrument.publish   Y     -         -        -
response.view        Y     Y         Y        Y
response.fill        -     -         Y        -
response.review      Y     Y         -        -
response.unlock      Y     -         -        -
deadline.extend      Y     -         -        -
report.view          Y     Y         Y        Y
export.cycle         Y     Y         -        Y
user.manage          Y     -         -        -
audit.view           Y     -         -        -
settings.manage      Y     -         -        -
`;

const lines = MATRIX.split('\n').filter((l) => l.trim() !== '');
const header = lines[0].trim().split(/\s+/) as Role[];
const declared = new Map<string, boolean>();
for (const line of lines.slice(1)) {
  const [permission, ...cells] = line.trim().split(/\s+/);
  cells.forEach((cell, i) => declared.set(`${header[i]}/${permission}`, cell === 'Y'));
}

const cells = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const));

describe('role × permission policy', () => {
  test('the declared matrix names every role and permission', () => {
    expect([...header].sort()).toEqual([...ROLES].sort());
    expect(declared.size).toBe(ROLES.length * PERMISSIONS.length);
  });

  test.each(cells)('%s / %s matches the declared matrix', (role, permission) => {
    const want = declared.get(`${role}/${permission}`);
    expect(roleCan(role, permission)).toBe(want);
    expect(can({ id: 'u1', role }, permission)).toBe(want);
    expect(POLICY[role].includes(permission)).toBe(want);
  });

  test.each(cells)('%s / %s: a disabled user holds nothing', (role, permission) => {
    expect(can({ id: 'u1', role, disabled: true }, permission)).toBe(false);
  });

  test('missing user, unknown role, unknown permission → false', () => {
    expect(can(null, 'report.view')).toBe(false);
    expect(can(undefined, 'report.view')).toBe(false);
    expect(can({ id: 'x', role: 'root' } as unknown as AccessUser, 'user.manage')).toBe(false);
    expect(roleCan('admin', 'everything' as Permission)).toBe(false);
    expect(isPermission('audit.view')).toBe(true);
    expect(isPermission('__proto__')).toBe(false);
  });

  test('pimpinan only reads: no permission that changes data', () => {
    const writes: Permission[] = ['register.manage', 'cycle.manage', 'instrument.publish', 'response.fill', 'response.review', 'response.unlock', 'deadline.extend', 'user.manage'];
    for (const p of writes) expect(roleCan('pimpinan', p)).toBe(false);
  });
});
