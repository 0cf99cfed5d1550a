import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { Type } from 'typebox';
import { AuthProvidersSchema, type AuthProviders, type Clock } from '@kendali/contracts';
import type { AuditLog, Sessions, Users } from '@kendali/ingest';
import { apiErrors, type ApiErrorCode } from '../errors';
import { errorAnswer } from '../schemas';
import { sessionCookie } from './auth-plugin';
import { claimAt, personFromClaims, type OidcClaimRules } from './oidc-claims';
import { pendingSignInMs, PendingSignIns } from './oidc-pending';

/** Single sign-on through the city's identity provider (Keycloak, Azure AD, Google Workspace). */
export interface OidcSettings extends OidcClaimRules {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in. */
  readonly issuer: string;
  readonly clientId: string;
  /** null: a public client, proven by PKCE alone. */
  readonly clientSecret: string | null;
  /** The callback URL as the provider knows it; null = this request's own origin + `/api/auth/oidc/callback`. */
  readonly redirectUrl: string | null;
  /** The provider as the sign-in button names it. */
  readonly name: string;
}

export interface OidcRoutesOptions {
  readonly oidc: OidcSettings | null;
  readonly users: Pick<Users, 'signInExternal'>;
  readonly sessions: Pick<Sessions, 'begin' | 'options'>;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
}

const startPath = '/api/auth/oidc/start';
const callbackPath = '/api/auth/oidc/callback';
/** The cookie naming a sign-in under way. SameSite=Lax: it must come back on the provider's redirect, a navigation from another site. */
const flowCookie = 'kendali_oidc';
const scope = 'openid profile email';

/** Why a sign-in failed, and the code the dashboard shows for it (`?signInError=<code>`). */
class SignInRefusal extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    readonly who: string | null = null,
  ) {
    super(detail);
  }
}

const StartQuery = Type.Object({
  returnTo: Type.Optional(Type.String({ pattern: '^/([^/\\\\][^\\\\]*)?$', maxLength: 1000, description: 'A path of this site to land on once signed in (default `/`)' })),
});
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 1024 })),
    error: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: true },
);

/** Lands on a path of this site only: `returnTo` may not lead to another (`//evil.example`, `/\evil`). */
function sameSitePath(returnTo: string | undefined): string {
  if (returnTo === undefined) return '/';
  const base = new URL('http://kendali.invalid');
  const target = new URL(returnTo, base);
  return target.origin === base.origin ? `${target.pathname}${target.search}${target.hash}` : '/';
}

const flowCookieOptions = (request: FastifyRequest) => ({ path: '/api/auth/oidc', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' });

/**
 * OpenID Connect sign-in: the authorization code flow with PKCE (S256), state and nonce
 * [OpenID Connect Core 1.0 §3.1; RFC 7636]. The person signs in at the provider; Kendali checks the
 * answer, maps the role claim to a role, makes or updates the account and begins a session exactly
 * as a password sign-in does. `GET /api/auth/providers` tells the sign-in page what it may offer.
 */
export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRoutesOptions> = async (app, { oidc, users, sessions, audit, clock }) => {
  const pending = new PendingSignIns(clock);
  let configuration: Promise<client.Configuration> | undefined;

  /** The provider's configuration, read once; a failure is not kept, so the next sign-in asks again. */
  const discovered = (settings: OidcSettings) => {
    configuration ??= discover(settings).catch((error: unknown) => {
      configuration = undefined;
      throw new SignInRefusal('KENDALI_ERR_OIDC_UNAVAILABLE', error instanceof Error ? error.message : String(error));
    });
    return configuration;
  };

  app.get(
    '/api/auth/providers',
    { config: { public: true }, schema: { summary: 'The ways of signing in: password, and single sign-on with its name when set up', tags: ['auth'], response: { 200: AuthProvidersSchema } } },
    async (): Promise<AuthProviders> => ({ password: true, oidc: oidc === null ? null : { name: oidc.name, startUrl: startPath } }),
  );

  app.get(
    startPath,
    {
      config: { public: true },
      schema: {
        summary: 'Sign in through the identity provider: redirects there (a browser navigation, not a call)',
        tags: ['auth'],
        querystring: StartQuery,
        response: {
          302: Type.Null({ description: 'To the identity provider; on failure back to `returnTo` with `?signInError=<code>`' }),
          404: errorAnswer('Single sign-on is not set up (KENDALI_OIDC_ISSUER)'),
        },
      },
    },
    async (request, reply) => {
      if (oidc === null) throw new apiErrors.KENDALI_ERR_OIDC_OFF();
      try {
        const config = await discovered(oidc);
        const redirectUri = oidc.redirectUrl ?? `${request.protocol}://${request.host}${callbackPath}`;
        const codeVerifier = client.randomPKCECodeVerifier();
        const flow = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, redirectUri, returnTo: sameSitePath(request.query.returnTo) };
        const url = client.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope,
          response_type: 'code',
          code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state: flow.state,
          nonce: flow.nonce,
        });
        void reply.setCookie(flowCookie, pending.put(flow), { ...flowCookieOptions(request), maxAge: pendingSignInMs / 1000 });
        return reply.redirect(url.href, 302);
      } catch (error) {
        return refuse(request, reply, error, sameSitePath(request.query.returnTo));
      }
    },
  );

  app.get(
    callbackPath,
    {
      config: { public: true },
      schema: {
        summary: 'Where the identity provider sends the browser back: checks its answer, begins the session and redirects to the page asked for',
        tags: ['auth'],
        querystring: CallbackQuery,
        response: {
          302: Type.Null({ description: 'Signed in (the session cookie is set): to `returnTo` or `/`; refused: there with `?signInError=<code>`' }),
          404: errorAnswer('Single sign-on is not set up (KENDALI_OIDC_ISSUER)'),
        },
      },
    },
    async (request, reply) => {
      if (oidc === null) throw new apiErrors.KENDALI_ERR_OIDC_OFF();
      const flowId = request.cookies[flowCookie];
      void reply.clearCookie(flowCookie, flowCookieOptions(request));
      let returnTo = '/';
      try {
        const flow = flowId === undefined ? undefined : pending.take(flowId);
        // Checked here before anything is sent to the provider; openid-client checks it again.
        if (flow === undefined || request.query.state !== flow.state) throw new SignInRefusal('KENDALI_ERR_OIDC_STATE', 'the state does not match a sign-in begun in this browser');
        returnTo = flow.returnTo;
        // The person cancelled at the provider, or it refused them [RFC 6749 §4.1.2.1].
        if (request.query.error !== undefined) throw new SignInRefusal('KENDALI_ERR_OIDC_REFUSED', `the provider answered ${request.query.error}`.slice(0, 300));
        const config = await discovered(oidc);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const claims = await verifiedClaims(config, oidc, flow, new URL(`${flow.redirectUri}${query}`));
        const mapped = personFromClaims(claims, oidc);
        if (!mapped.ok) throw new SignInRefusal(mapped.reason === 'no-role' ? 'KENDALI_ERR_OIDC_NO_ROLE' : 'KENDALI_ERR_OIDC_NO_USERNAME', mapped.reason, typeof claims.sub === 'string' ? claims.sub : null);
        const { person } = mapped;
        const outcome = await users.signInExternal(person, 'oidc');
        if (!outcome.ok) {
          const code = outcome.reason === 'disabled' ? 'KENDALI_ERR_OIDC_ACCOUNT_DISABLED' : 'KENDALI_ERR_OIDC_ACCOUNT_CONFLICT';
          throw new SignInRefusal(code, `${outcome.reason}: ${person.username}`, person.username);
        }
        const { user } = outcome;
        const { id } = await sessions.begin(user.username, request.cookies[sessionCookie]);
        await record(request, { action: 'sign-in', actor: user.displayName, role: user.role, target: user.username, summary: { provider: oidc.name, outcome: 'signed in' } });
        void reply.setCookie(sessionCookie, id, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: Math.floor(sessions.options.maxMs / 1000) });
        return reply.redirect(flow.returnTo, 302);
      } catch (error) {
        return refuse(request, reply, error, returnTo);
      }
    },
  );

  /** Sends the browser back to the page it came from (its sign-in page) with the reason, `?signInError=<code>`, and records the refusal. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown, returnTo: string) {
    const refusal = error instanceof SignInRefusal ? error : new SignInRefusal(unreachable(error) ? 'KENDALI_ERR_OIDC_UNAVAILABLE' : 'KENDALI_ERR_OIDC_REFUSED', problemOf(error));
    request.log.warn({ code: refusal.code, detail: refusal.detail }, 'single sign-on refused');
    if (request.routeOptions.url === callbackPath) {
      await record(request, { action: 'sign-in-failed', actor: refusal.who ?? 'anonymous', role: null, target: refusal.who, summary: { provider: oidc?.name ?? null, refused: refusal.code, detail: refusal.detail } });
    }
    const back = new URL(returnTo, 'http://kendali.invalid');
    back.searchParams.set('signInError', refusal.code);
    return reply.redirect(`${back.pathname}${back.search}`, 302);
  }

  /**
   * Sign-ins through the provider are GET navigations, which the audit trail passes over: recorded
   * here, under the actions password sign-ins have (`sign-in`, `sign-in-failed`), the provider in the summary.
   */
  async function record(request: FastifyRequest, entry: { action: 'sign-in' | 'sign-in-failed'; actor: string; role: string | null; target: string | null; summary: Record<string, unknown> }) {
    await audit
      .append({ actor: entry.actor, role: entry.role, address: request.ip, action: entry.action, target: entry.target, status: 302, summary: JSON.stringify(entry.summary) })
      .catch((error: unknown) => request.log.error({ err: error }, 'audit log: this sign-in was not recorded'));
  }
};

function discover(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const clientAuth = settings.clientSecret === null ? client.None() : client.ClientSecretBasic(settings.clientSecret);
  // Plain HTTP is allowed by the settings only for a provider on this machine (a test, a tunnel).
  const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
  return client.discovery(issuer, settings.clientId, settings.clientSecret ?? undefined, clientAuth, { execute, timeout: 10 }); // 10 s
}

/** Exchanges the code (with the PKCE verifier), checks the ID token (signature, issuer, audience, nonce, times), and adds user info where the role claim is not in it. */
async function verifiedClaims(config: client.Configuration, settings: OidcSettings, flow: { state: string; nonce: string; codeVerifier: string }, currentUrl: URL): Promise<Record<string, unknown>> {
  const tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
  const idClaims = tokens.claims();
  if (idClaims === undefined) throw new SignInRefusal('KENDALI_ERR_OIDC_REFUSED', 'the provider sent no ID token');
  const missing = [settings.roleClaim, settings.departmentClaim].some((path) => path !== null && claimAt(idClaims, path) === undefined);
  if (!missing || config.serverMetadata().userinfo_endpoint === undefined) return { ...idClaims };
  // Keycloak, oidc-provider and others put profile claims, groups and roles in user info (and the access token) only, unless told otherwise.
  // User info (its `sub` checked against the ID token's) fills in what the ID token lacks; the ID token's own claims stand.
  const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  return { ...userInfo, ...idClaims };
}

/** The provider did not answer (refused connection, time-out); any other failure is an answer that did not check out (nonce, signature, audience, a refused code). */
const unreachable = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError' || (error.name === 'TypeError' && error.message === 'fetch failed'));

const problemOf = (error: unknown) => (error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error)).slice(0, 300);
