import type { MessageKey } from '../i18n/messages';

/** The query parameter the server sends a refused single sign-on back with (`/?signInError=<code>`). */
export const signInErrorParam = 'signInError';

const refusals: Readonly<Record<string, MessageKey>> = {
  KENDALI_ERR_OIDC_UNAVAILABLE: 'ssoErrorUnavailable',
  KENDALI_ERR_OIDC_STATE: 'ssoErrorState',
  KENDALI_ERR_OIDC_REFUSED: 'ssoErrorRefused',
  KENDALI_ERR_OIDC_NO_ROLE: 'ssoErrorNoRole',
  KENDALI_ERR_OIDC_NO_USERNAME: 'ssoErrorNoUsername',
  KENDALI_ERR_OIDC_ACCOUNT_CONFLICT: 'ssoErrorConflict',
  KENDALI_ERR_OIDC_ACCOUNT_DISABLED: 'ssoErrorDisabled',
};

/** The label saying why a sign-in was refused; a code this dashboard does not know is shown as it is. */
export const refusalLabel = (code: string): MessageKey => refusals[code] ?? 'ssoErrorOther';

/** Where the button leads: the server's start, asked to come back to the page the person is on (without the refusal or a token in it). */
export function ssoStartHref(startUrl: string, here: { readonly pathname: string; readonly search: string }): string {
  const query = new URLSearchParams(here.search);
  query.delete(signInErrorParam);
  query.delete('token');
  const rest = query.toString();
  const returnTo = `${here.pathname}${rest === '' ? '' : `?${rest}`}`;
  return `${startUrl}?${new URLSearchParams({ returnTo })}`;
}
