import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StringEnum } from '@kendali/contracts';

/** What Kendali tells the broker: `ignore` leaves the question to the broker's next authenticator or authoriser. */
export type HookVerdict = 'allow' | 'deny' | 'ignore';

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

/*
 * EMQX 5, as its documentation of 5.8 describes it ("Access Control", Use HTTP Service:
 * docs.emqx.com/en/emqx/v5.8/access-control/authn/http.html and …/authz/http.html): the HTTP
 * authenticator and the HTTP authoriser render a body template whose values are `${placeholder}`s,
 * always as strings (`${qos}` is "1", `${retain}` "false", an absent password ""), and POST it as
 * JSON, or form-encoded when the template's headers say `content-type =
 * "application/x-www-form-urlencoded"`. They read a 200 answer's JSON `result` (and the
 * authenticator `is_superuser`); any status but 200 and 204 counts as `ignore`. The names of the
 * body's keys are the operator's choice: these are the ones the README's emqx.conf writes. Keys
 * added to the template are ignored.
 */
const placeholder = (name: string, description: string, maxLength = 65_535) => Type.String({ maxLength, description: `\${${name}}: ${description}` });

const AuthenticateRequestSchema = Type.Object(
  {
    clientid: placeholder('clientid', 'the client id of the CONNECT'),
    username: placeholder('username', 'the user name of the CONNECT (a device id)'),
    password: placeholder('password', 'the password of the CONNECT (a device secret); empty when the client sent none'),
    peerhost: Type.String({ minLength: 1, maxLength: 45, description: "${peerhost}: the client's IP address, on which the lock-outs are kept" }),
  },
  { description: "EMQX's HTTP authenticator request (README, External MQTT broker (EMQX))" },
);

const AuthorizeRequestSchema = Type.Object(
  {
    clientid: placeholder('clientid', 'the client id'),
    username: placeholder('username', 'the user name the client connected with'),
    peerhost: Type.Optional(placeholder('peerhost', "the client's IP address", 45)),
    action: placeholder('action', '`publish` or `subscribe`', 16),
    topic: placeholder('topic', 'the topic published to, or the filter subscribed to (EMQX leaves out `$share/<group>/`)'),
    qos: Type.Optional(placeholder('qos', '`0`, `1` or `2`', 1)),
    retain: Type.Optional(placeholder('retain', '`true` or `false`', 5)),
  },
  { description: "EMQX's HTTP authoriser request (README, External MQTT broker (EMQX))" },
);

const verdicts = ['allow', 'deny', 'ignore'] as const satisfies readonly HookVerdict[];

const AuthenticateAnswerSchema = Type.Object(
  {
    result: StringEnum(verdicts, { description: '`ignore`: a user name Kendali does not know, left to EMQX\'s next authenticator' }),
    is_superuser: Type.Boolean({ description: 'always false: Kendali\'s own user has its own rights too' }),
  },
  { description: 'EMQX 5 HTTP authenticator response' },
);

const AuthorizeAnswerSchema = Type.Object(
  { result: StringEnum(verdicts, { description: "`ignore`: neither Kendali's client nor a topic that could be Kendali's, left to EMQX's next authoriser" }) },
  { description: 'EMQX 5 HTTP authoriser response' },
);

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
        body: AuthenticateRequestSchema,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        response: { 200: AuthenticateAnswerSchema },
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
        body: AuthorizeRequestSchema,
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        response: { 200: AuthorizeAnswerSchema },
      },
    },
    async (request) => {
      const { clientid, username, action, topic } = request.body;
      return { result: decide((hooks) => hooks.authorize({ clientId: clientid, username, action, topic })) };
    },
  );
};
