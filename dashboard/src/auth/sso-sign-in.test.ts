import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/messages';
import { refusalLabel, ssoStartHref } from './sso-sign-in';

describe('single sign-on on the sign-in page', () => {
  it('comes back to the page the person was on, without the refusal or a token', () => {
    expect(ssoStartHref('/api/auth/oidc/start', { pathname: '/ops', search: '?district=Benda&signInError=KENDALI_ERR_OIDC_STATE&token=kdl_x' })).toBe(
      '/api/auth/oidc/start?returnTo=%2Fops%3Fdistrict%3DBenda',
    );
    expect(ssoStartHref('/api/auth/oidc/start', { pathname: '/', search: '' })).toBe('/api/auth/oidc/start?returnTo=%2F');
  });

  it('says why a sign-in was refused in words, in both languages, and a code it does not know as it is', () => {
    expect(messages.id[refusalLabel('KENDALI_ERR_OIDC_NO_ROLE')]).toMatch(/tidak termasuk grup/);
    expect(messages.en[refusalLabel('KENDALI_ERR_OIDC_NO_ROLE')]).toMatch(/in no group/);
    expect(refusalLabel('KENDALI_ERR_OIDC_ACCOUNT_DISABLED')).toBe('ssoErrorDisabled');
    expect(refusalLabel('KENDALI_ERR_SOMETHING_NEW')).toBe('ssoErrorOther');
    expect(messages.en.ssoErrorOther).toContain('{code}');
  });
});
