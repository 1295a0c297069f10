// Who may decide for the tenant: an owner or an admin confirms anyone's pending action, changes the
// mode, and sees every relance in the digest; a member decides only what they asked for themselves.
export const isManager = (user: { role: string } | null | undefined): boolean =>
  user?.role === "owner" || user?.role === "admin";
