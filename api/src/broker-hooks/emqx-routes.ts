import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmqxAuthenticateAnswerSchema, EmqxAuthenticateRequestSchema, EmqxAuthorizeAnswerSchema, EmqxAuthorizeRequestSchema, type HookVerdict } from '@kendali/contracts';

export type { HookVerdict } from '@kendali/contracts';

/**
 * Kendali's rules for clients of an external broker, as the routes ask them; the composition root
 * gives the broker package's `HookPolicy` (the registry's credentials behind the connect guard, the
 * topic ACL).
 */
export interface BrokerHookPolicy {
  authenticate(connect: { clientId: string; username: string; password: string; peerhost: string }): Promise<HookVerdict>;
  authorize(access: { clientId: string; username: string; action: string; topic: string }): HookVerdict;
}

export interface EmqxRoutesOptions {
  /** null: the hooks are not served (KENDALI_BROKER_HOOK_SECRET unset); the auth plugin answers 404 before any route runs. */
  readonly policy: BrokerHookPolicy | null;
}

const hookBodyLimit = 16 * 1024; // bytes: a CONNECT's credentials and a topic, with room for keys an operator adds

/**
 * EMQX's HTTP authentication and authorisation hooks. The broker calls them, not people: the auth
 * plugin admits only the hook secret (`config.brokerHook`). Every answer is 200 with the verdict, so
 * EMQX's "4xx/5xx = ignore" is left for a request that is not EMQX's (a wrong secret, a body
 * missing a key) and for Kendali being unreachable; the README's `no_match = deny` refuses those.
 */
export const emqxRoutes: FastifyPluginAsyncTypebox<EmqxRoutesOptions> = async (app, { policy }) => {
  await app.register(formbody, { bodyLimit: hookBodyLimit }); // this plugin's routes only: it is encapsulated
  const decide = <T>(answer: (policy: BrokerHookPolicy) => T): T => {
    // The auth plugin answers 404 before a route runs when the hooks are off.
    if (policy === null) throw new Error('broker hooks called without a policy');
    return answer(policy);
  };

  app.post(
    '/api/broker/emqx/authenticate',
    {
      bodyLimit: hookBodyLimit,
      config: { brokerHook: true },
      schema: {
        summary: "EMQX's HTTP authenticator: may this client connect? A device with its secret, as on Kendali's own broker (same lock-outs, keyed on peerhost)",
        tags: ['broker'],
        body: EmqxAuthenticateRequestSchema,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        response: { 200: EmqxAuthenticateAnswerSchema },
      },
    },
    async (request) => {
      const { clientid, username, password, peerhost } = request.body;
      const result = await decide((hooks) => hooks.authenticate({ clientId: clientid, username, password, peerhost }));
      return { result, is_superuser: false };
    },
  );

  app.post(
    '/api/broker/emqx/authorize',
    {
      bodyLimit: hookBodyLimit,
      config: { brokerHook: true },
      schema: {
        summary: "EMQX's HTTP authoriser: may this client publish to or subscribe to this topic? A device only its own topics, as on Kendali's own broker",
        tags: ['broker'],
        body: EmqxAuthorizeRequestSchema,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        response: { 200: EmqxAuthorizeAnswerSchema },
      },
    },
    async (request) => {
      const { clientid, username, action, topic } = request.body;
      return { result: decide((hooks) => hooks.authorize({ clientId: clientid, username, action, topic })) };
    },
  );
};
