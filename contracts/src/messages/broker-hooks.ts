import { Type } from 'typebox';
import { Message, StringEnum } from './schema-builders';

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

export const EmqxAuthenticateRequestSchema = Message(
  {
    clientid: placeholder('clientid', 'the client id of the CONNECT'),
    username: placeholder('username', 'the user name of the CONNECT (a device id)'),
    password: placeholder('password', 'the password of the CONNECT (a device secret); empty when the client sent none'),
    peerhost: Type.String({ minLength: 1, maxLength: 45, description: "${peerhost}: the client's IP address, on which the lock-outs are kept" }),
  },
  { description: "EMQX's HTTP authenticator request (README, External MQTT broker (EMQX))" },
);

export const EmqxAuthorizeRequestSchema = Message(
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

/** What Kendali tells the broker: `ignore` leaves the question to the broker's next authenticator or authoriser. */
export const hookVerdicts = ['allow', 'deny', 'ignore'] as const;
export type HookVerdict = (typeof hookVerdicts)[number];

export const EmqxAuthenticateAnswerSchema = Message(
  {
    result: StringEnum(hookVerdicts, { description: '`ignore`: a user name Kendali does not know, left to EMQX\'s next authenticator' }),
    is_superuser: Type.Boolean({ description: 'always false: Kendali\'s own user has its own rights too' }),
  },
  { description: 'EMQX 5 HTTP authenticator response' },
);

export const EmqxAuthorizeAnswerSchema = Message(
  { result: StringEnum(hookVerdicts, { description: "`ignore`: neither Kendali's client nor a topic that could be Kendali's, left to EMQX's next authoriser" }) },
  { description: 'EMQX 5 HTTP authoriser response' },
);
