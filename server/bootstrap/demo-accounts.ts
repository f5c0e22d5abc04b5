/**
 * The demo accounts, one per role: an admin, an evaluator for Kabupaten Lebak and Pandeglang,
 * a provincial evaluator, the operator of one demo LKS, and a pimpinan. Passwords are generated
 * at seeding time and printed once; no password is written in code.
 */
import mongoose from 'mongoose';
import type { Role } from '../domain/access/roles';

export interface DemoAccount {
  id: mongoose.Types.ObjectId;
  username: string;
  label: string;
  user: { username: string; name: string; role: Role; organisationIds: mongoose.Types.ObjectId[]; kabkota: string[] | 'all'; mustChangePassword: boolean };
}

export function demoAccounts(operatorOrganisation: { _id: mongoose.Types.ObjectId; nama: string }): DemoAccount[] {
  const account = (username: string, name: string, role: Role, label: string, scope: { organisationIds?: mongoose.Types.ObjectId[]; kabkota?: string[] | 'all' } = {}): DemoAccount => ({
    id: new mongoose.Types.ObjectId(), username, label,
    user: { username, name, role, organisationIds: scope.organisationIds ?? [], kabkota: scope.kabkota ?? [], mustChangePassword: false },
  });
  return [
    account('demo.admin', 'Admin Dinsos Banten (Demo)', 'admin', 'Admin Dinas Sosial Provinsi Banten'),
    account('demo.evaluator.lebak', 'Evaluator Lebak & Pandeglang (Demo)', 'evaluator', 'Evaluator Kab. Lebak dan Kab. Pandeglang', { kabkota: ['36.02', '36.01'] }),
    account('demo.evaluator', 'Evaluator Provinsi (Demo)', 'evaluator', 'Evaluator seluruh Provinsi Banten', { kabkota: 'all' }),
    account('demo.operator', 'Operator LKS (Demo)', 'operator', `Operator ${operatorOrganisation.nama}`, { organisationIds: [operatorOrganisation._id] }),
    account('demo.pimpinan', 'Kepala Dinas Sosial (Demo)', 'pimpinan', 'Pimpinan (seluruh provinsi, hanya baca)', { kabkota: 'all' }),
  ];
}
