/** Who a request acts as, as records name them: the token's or person's name and the role, e.g. `Siti Rahma (operator)`. */
export const actingAs = (request: { readonly auth: { readonly name: string; readonly role: string } | null }): string =>
  `${request.auth?.name ?? 'unknown'} (${request.auth?.role ?? '?'})`;
