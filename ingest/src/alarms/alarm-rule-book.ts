import { builtInKinds, defaultSettingsDriftAfterMs, type AlarmRule, type Clock, type AlarmRulesDocument, type Device, type DeviceKindSpec, type KindLookup, type SettingsDriftRule } from '@kendali/contracts';
import { IngestError } from '../errors';
import type { AlarmRows } from './alarm-rows';
import { defaultAlarmRules } from './default-rules';
import { withSettingsDriftRule } from './rule-migration';
import { rulesForDevice } from './rule-selection';
import { checkRulesDocument } from './rules-schema';

const rulesRetries = 5; // a new rule version numbered again this often when other nodes saved one first

export class AlarmRulesInvalid extends IngestError {
  constructor(readonly problems: readonly string[]) {
    super('KENDALI_ERR_RULES_INVALID', `the rules document is invalid: ${problems.join('; ')}`);
  }
}

/**
 * The alarm rules in force: the versioned rules document (stored, replaced whole, followed when
 * another node saves a version) and, for each device, the rules that watch it, the document's and
 * its kind's profile's.
 */
export class AlarmRuleBook {
  readonly #rulesCache = new WeakMap<Device, { version: number; spec: DeviceKindSpec | undefined; rules: AlarmRule[] }>();
  #document: AlarmRulesDocument;

  private constructor(
    private readonly store: Pick<AlarmRows, 'latestRules' | 'saveRules'>,
    /** Stamps each version saved. */
    private readonly clock: Clock,
    /** The kinds there are (the profile catalogue) and the rules each profile brings. */
    readonly kinds: KindLookup,
    /** How long desired and reported settings may differ before the default settings-drift rule raises its alarm, ms. */
    private readonly settingsDriftAfterMs: number,
    document: AlarmRulesDocument,
  ) {
    this.#document = document;
  }

  /** The newest stored document, or the default rules where none was ever saved. */
  static async open(store: Pick<AlarmRows, 'latestRules' | 'saveRules'>, clock: Clock, kinds: KindLookup = builtInKinds, settingsDriftAfterMs = defaultSettingsDriftAfterMs): Promise<AlarmRuleBook> {
    const saved = await store.latestRules();
    const document = saved ? { version: saved.version, rules: withSettingsDriftRule(saved.rules, settingsDriftAfterMs) } : defaultAlarmRules(settingsDriftAfterMs);
    return new AlarmRuleBook(store, clock, kinds, settingsDriftAfterMs, document);
  }

  get document(): AlarmRulesDocument {
    return this.#document;
  }

  /** Replaces the rules with a new version (validated first); returns the stored document. */
  async replace(document: unknown, by: string): Promise<AlarmRulesDocument> {
    const problems = checkRulesDocument(document, this.kinds);
    if (problems.length > 0) throw new AlarmRulesInvalid(problems);
    const rules = withSettingsDriftRule((document as AlarmRulesDocument).rules, this.settingsDriftAfterMs);
    for (let attempt = 0; attempt < rulesRetries; attempt++) {
      const next: AlarmRulesDocument = { version: this.#document.version + 1, rules };
      if (await this.store.saveRules(next, by, this.clock.now())) {
        this.#document = next;
        return next;
      }
      await this.reload(); // another node saved that version first: this one follows it
    }
    throw new Error('the rules changed on other nodes while saving; try again');
  }

  /** Follows a newer version another node saved. */
  async reload(): Promise<void> {
    const saved = await this.store.latestRules();
    if (saved === undefined || saved.version <= this.#document.version) return;
    this.#document = { version: saved.version, rules: withSettingsDriftRule(saved.rules, this.settingsDriftAfterMs) };
  }

  /**
   * The document's rules and those of the device's kind's profile in force; a document rule with a
   * profile rule's id replaces it (documents stored before profiles held the built-in kinds' rules).
   */
  forDevice(device: Device): AlarmRule[] {
    // Devices are immutable values in the registry (an update makes a new one), and so are compiled
    // profiles (a new version is a new spec), so the cache follows edits of either and of the rules.
    const spec = this.kinds.spec(device.kind);
    const cached = this.#rulesCache.get(device);
    if (cached?.version === this.#document.version && cached.spec === spec) return cached.rules;
    const documentIds = new Set(this.#document.rules.map((rule) => rule.id));
    const fromProfile = (spec?.rules ?? []).filter((rule) => !documentIds.has(rule.id));
    const rules = rulesForDevice([...this.#document.rules, ...fromProfile], device);
    this.#rulesCache.set(device, { version: this.#document.version, spec, rules });
    return rules;
  }

  settingsDriftRule(device: Device): SettingsDriftRule | undefined {
    return this.forDevice(device).find((rule): rule is SettingsDriftRule => rule.type === 'settings-drift');
  }

  /** How long the device's settings may differ before it counts as drifting: its settings-drift rule's duration. */
  settingsDriftAfterMsOf(device: Device): number {
    return this.settingsDriftRule(device)?.minDurationMs ?? this.settingsDriftAfterMs;
  }
}
