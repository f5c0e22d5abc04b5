/** Roles, permissions, row scoping and route policies: the pure access rules. */
export * from './roles';
export * from './permissions';
export * from './scope';
export * from './route-policy';
