import type { AedesOptions } from 'aedes';
import type { ConnectedIdentities } from './connected-identities';
import { maySubscribe } from './subscribe-acl';

type AuthorizeSubscribeHook = NonNullable<AedesOptions['authorizeSubscribe']>;

/** Aedes' `authorizeSubscribe` hook: the subscribe ACL (`subscribe-acl.ts`) for each filter. */
export function authorizeSubscribe(identities: ConnectedIdentities): AuthorizeSubscribeHook {
  // A null subscription answers SUBACK 0x80 (failure) for this filter only [MQTT-3.9.3]; the connection stays.
  return (client, subscription, callback) => callback(null, maySubscribe(identities.forAcl(client), subscription.topic) ? subscription : null);
}
