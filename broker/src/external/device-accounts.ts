import { alarmTopicPrefix, deviceTopic, internalTopicPrefix, topicPrefix } from '@kendali/contracts';
import { BrokerError } from '../errors';
import type { DynamicSecurity, DynsecAnswer, DynsecCommand } from './dynamic-security';

/** Every account Kendali made is in this group: a resync touches these and nothing else in the broker. */
export const managedGroup = 'kendali-devices';
/** The role that lets Kendali's own user take telemetry in and answer devices. */
export const serviceRole = 'kendali-service';
const deviceRolePrefix = 'kendali-device-';

const deviceRole = (deviceId: string) => `${deviceRolePrefix}${deviceId}`;

const allow = (acltype: string, topic: string) => ({ acltype, topic, allow: true, priority: 0 });

/**
 * A device's rights, the same as the embedded broker's ACL (topic-acl.ts, subscribe-acl.ts): it
 * publishes only its own telemetry, status, command results and settings reports, and subscribes
 * only to its own errors, commands and settings. Mosquitto 2.0 substitutes `%c`/`%u` only in
 * subscription patterns, so each device has a role of its own with literal topics.
 */
export function deviceAcls(deviceId: string) {
  return [
    ...(['telemetry', 'status', 'commands/result', 'settings/reported'] as const).map((channel) => allow('publishClientSend', deviceTopic(deviceId, channel))),
    ...(['errors', 'commands', 'settings'] as const).map((channel) => allow('subscribeLiteral', deviceTopic(deviceId, channel))),
  ];
}

/**
 * What Kendali's own user may do: take every device's telemetry and status (ingest workers' shared
 * subscription, or not shared) and its answers (api nodes' shared subscription), send what Kendali
 * sends, and publish and follow the internal feed (which no device may do: a device's role allows
 * only its own topics, and dynamic security denies what no role allows).
 */
export function serviceAcls() {
  return [
    ...['telemetry', 'status'].flatMap((channel) => [
      allow('subscribePattern', `$share/kendali/${topicPrefix}/+/${channel}`),
      allow('subscribePattern', `${topicPrefix}/+/${channel}`),
    ]),
    ...['commands/result', 'settings/reported'].flatMap((channel) => [
      allow('subscribePattern', `$share/kendali-api/${topicPrefix}/+/${channel}`),
      allow('subscribePattern', `${topicPrefix}/+/${channel}`),
    ]),
    allow('subscribePattern', `${internalTopicPrefix}/#`),
    allow('publishClientSend', `${internalTopicPrefix}/#`),
    ...['errors', 'commands', 'settings'].map((channel) => allow('publishClientSend', `${topicPrefix}/+/${channel}`)),
    allow('publishClientSend', `${alarmTopicPrefix}/#`),
  ];
}

export interface DeviceAccount {
  readonly id: string;
  readonly enabled: boolean;
}

export interface ResyncOutcome {
  /** Accounts removed because their device is no longer registered. */
  readonly removed: readonly string[];
  /** Registered devices the broker has no account for: their secret is unknown to Kendali, so only a rotation can give them one. */
  readonly withoutAccount: readonly string[];
}

/** Answers that mean the thing asked for is already there: a repeated set-up is not a failure. */
const alreadyThere = ['already exists', 'already in', 'already has'];

/** Throws with the plugin's reasons if a command failed for a reason not in `ignore`. */
function check(answers: readonly DynsecAnswer[], ignore: readonly string[] = []): void {
  const problems = answers.filter((answer) => answer.error !== undefined && !ignore.some((text) => answer.error!.includes(text)));
  if (problems.length > 0) {
    throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `dynamic security refused: ${problems.map((answer) => `${answer.command}: ${answer.error}`).join('; ')}`);
  }
}

/**
 * Device accounts in Mosquitto's dynamic security: one client per device (username and client id
 * = device id, in the group `kendali-devices`) with a role of its own. The password is set only
 * when Kendali knows it, at registration and rotation; a resync can therefore enable, disable and
 * remove accounts but never recreate a lost password.
 */
export class MosquittoDeviceAccounts {
  constructor(private readonly dynsec: DynamicSecurity) {}

  /**
   * Makes the group and Kendali's service role, and gives that role to Kendali's own user if it
   * lacks it. Mosquitto then drops every connection of that user (to apply its new rights), this
   * one included: run it on a connection of its own, before the others, and close it after.
   */
  async prepare(serviceUsername: string | undefined): Promise<void> {
    check(
      await this.dynsec.run([
        { command: 'createGroup', groupname: managedGroup, textname: 'Devices managed by Kendali' },
        { command: 'createRole', rolename: serviceRole, textname: 'Kendali ingest and outbox' },
        ...serviceAcls().map((acl) => ({ command: 'addRoleACL', rolename: serviceRole, ...acl })),
      ]),
      alreadyThere,
    );
    if (serviceUsername === undefined) return;
    const self = (await this.dynsec.ask({ command: 'getClient', username: serviceUsername })) as { client?: { roles?: { rolename: string }[] } } | undefined;
    if (self?.client?.roles?.some((role) => role.rolename === serviceRole)) return;
    // Mosquitto drops this connection before it answers (2.0.11): nothing to wait for.
    await this.dynsec.send([{ command: 'addClientRole', username: serviceUsername, rolename: serviceRole, priority: 0 }]);
  }

  /** Creates each device's account with its new secret, or sets the secret of one that exists. */
  async setSecrets(devices: readonly (DeviceAccount & { readonly secret: string })[]): Promise<void> {
    const commands: DynsecCommand[] = [];
    const createClientAt = new Map<string, number>();
    for (const { id, secret } of devices) {
      // The role with its ACLs in one command, not one addRoleACL each: Mosquitto 2.0 writes its whole
      // JSON file after every command that changes it (not once per message), so a new device costs
      // 2 rewrites (role and client) instead of 9, which took minutes for a 1,000-device import.
      commands.push({ command: 'createRole', rolename: deviceRole(id), textname: `Kendali device ${id}`, acls: deviceAcls(id) });
      createClientAt.set(id, commands.length);
      commands.push({
        command: 'createClient',
        username: id,
        password: secret,
        clientid: id,
        textname: `Kendali device ${id}`,
        groups: [{ groupname: managedGroup, priority: 0 }],
        roles: [{ rolename: deviceRole(id), priority: 0 }],
      });
    }
    const answers = await this.dynsec.run(commands);
    check(answers, alreadyThere);
    // Accounts that existed get the new password (Mosquitto drops the connections that used the old one).
    const existing = devices.filter(({ id }) => answers[createClientAt.get(id)!]?.error !== undefined);
    check(await this.dynsec.run(existing.map(({ id, secret }) => ({ command: 'setClientPassword', username: id, password: secret }))));
    // A client is created enabled: only the accounts that existed, and new ones to be disabled, need
    // a command (each one more rewrite of the file).
    await this.setEnabled(devices.filter((device) => existing.includes(device) || !device.enabled));
  }

  /** Enables or disables accounts; a disabled one is disconnected by Mosquitto at once. */
  async setEnabled(devices: readonly DeviceAccount[]): Promise<void> {
    check(await this.dynsec.run(devices.map(({ id, enabled }) => ({ command: enabled ? 'enableClient' : 'disableClient', username: id }))), ['not found']);
  }

  async remove(deviceId: string): Promise<void> {
    check(
      await this.dynsec.run([
        { command: 'deleteClient', username: deviceId },
        { command: 'deleteRole', rolename: deviceRole(deviceId) },
      ]),
      ['not found'],
    );
  }

  /** Brings the broker in line with the registry: accounts of devices gone are removed, the rest enabled or disabled as registered. */
  async resync(registered: readonly DeviceAccount[]): Promise<ResyncOutcome> {
    const group = (await this.dynsec.ask({ command: 'getGroup', groupname: managedGroup })) as { group?: { clients?: { username: string }[] } } | undefined;
    const managed = new Set((group?.group?.clients ?? []).map((client) => client.username));
    const known = new Set(registered.map((device) => device.id));
    const removed = [...managed].filter((username) => !known.has(username)).sort();
    for (const username of removed) await this.remove(username);
    await this.setEnabled(registered.filter((device) => managed.has(device.id)));
    return { removed, withoutAccount: registered.filter((device) => !managed.has(device.id)).map((device) => device.id) };
  }
}
