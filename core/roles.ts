export const ROLES = ['beneficiary', 'tutor', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** When a person holds several roles, the menu shown first is the most operational one. */
export function primaryRole(roles: readonly Role[]): Role | undefined {
  for (const r of ['admin', 'coordinator', 'tutor', 'beneficiary'] as const) if (roles.includes(r)) return r;
  return undefined;
}
