/** The one JSON shape every API error has. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
