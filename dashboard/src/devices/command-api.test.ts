import { describe, expect, it } from 'vitest';
import { builtInKinds } from '@kendali/contracts';
import { exampleParams } from './command-api';

describe('exampleParams', () => {
  it('fills each built-in command with values inside its schema', () => {
    expect(exampleParams(builtInKinds.spec('street-light')?.commands['set-dimming']?.params)).toEqual({ level: 0.5 });
    expect(exampleParams(builtInKinds.spec('street-light')?.commands['set-interval']?.params)).toEqual({ seconds: 300 });
    expect(exampleParams(builtInKinds.spec('wifi-ap')?.commands.reboot?.params)).toEqual({});
  });
});
