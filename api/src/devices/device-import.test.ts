import { describe, expect, it } from 'vitest';
import { kotaTangerang } from '@kendali/contracts';
import { DistrictNames } from '@kendali/ingest';
import { parseCsvImport, parseJsonImport } from './device-import';

const districts = new DistrictNames([kotaTangerang]);

const header = 'id,kind,name,district,lat,lon,installDate,enabled,firmware';

describe('device import', () => {
  it('reads a CSV with metadata columns', () => {
    const parsed = parseCsvImport(`${header}\nwl-1,water-level,Pintu Air 10,Tangerang,-6.18,106.63,2025-03-01,true,v2.1\n`, districts);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { id: 'wl-1', kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang', lat: -6.18, lon: 106.63, installDate: '2025-03-01', enabled: true, metadata: { firmware: 'v2.1' } },
    ]);
  });

  it('gives CSV metadata the types rules need, as export writes them', () => {
    const csv = [
      'id,kind,name,district,metadata,siaga3Cm,siaga2Cm,siaga1Cm,simulated,serial,firmware',
      'wl-2,water-level,Kali Ledug,Periuk,"{""gate"":""kali-ledug"",""siaga1Cm"":999}",220,260,300,true,007,v2.1',
    ].join('\n');
    const parsed = parseCsvImport(csv, districts);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.metadata).toEqual({ gate: 'kali-ledug', siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300, simulated: true, serial: '007', firmware: 'v2.1' });
  });

  it('refuses a metadata column that is not a JSON object, and metadata values that are not text, numbers or true/false', () => {
    const csv = parseCsvImport('id,kind,name,district,metadata\nwl-3,water-level,Pos,Periuk,gate=kali-ledug\n', districts);
    expect(csv.problems).toEqual([{ line: 2, id: 'wl-3', message: expect.stringMatching(/^metadata must be a JSON object/) }]);
    const json = parseJsonImport([{ id: 'wl-4', kind: 'water-level', name: 'Pos', district: 'Periuk', metadata: { levels: [1, 2] } }], districts);
    expect(json.problems).toEqual([{ line: 1, id: 'wl-4', message: 'metadata "levels" must be text, a number or true/false' }]);
  });

  it('names every bad row by its line number', () => {
    const csv = [
      header,
      'ok-1,traffic,Simpang A,Cipondoh,,,,,',
      'bad id,traffic,Simpang B,Cipondoh,,,,,',
      'ok-2,teleporter,Simpang C,Cipondoh,,,,,',
      'ok-3,traffic,,Cipondoh,,,,,',
      'ok-4,traffic,Simpang D,Cipondoh,-95,,,,',
      'ok-5,traffic,Simpang E,Cipondoh,,,22/11/2026,,',
      'ok-1,traffic,Simpang F,Cipondoh,,,,,',
      'ok-6,traffic,Simpang G,Cipondoh,,,,maybe,',
    ].join('\n');
    const parsed = parseCsvImport(csv, districts);
    expect(parsed.rows.map((r) => r.id)).toEqual(['ok-1']);
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [3, expect.stringMatching(/^id "bad id"/)],
      [4, expect.stringMatching(/kind "teleporter"/)],
      [5, 'name is empty'],
      [6, expect.stringMatching(/lat -95/)],
      [7, expect.stringMatching(/installDate "22\/11\/2026"/)],
      [8, 'id "ok-1" appears again (first on line 2)'],
      [9, expect.stringMatching(/enabled "maybe"/)],
    ]);
  });

  it('reports a CSV that cannot be read at all', () => {
    const parsed = parseCsvImport(`${header}\n"unterminated,traffic`, districts);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems[0]?.message).toMatch(/not readable as CSV/);
  });

  it('reads JSON arrays and numbers their items from 1', () => {
    const parsed = parseJsonImport([{ id: 'sl-1', kind: 'street-light', name: 'PJU 1', district: 'Benda' }, { id: 'sl-2', kind: 'street-light' }], districts);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 2, id: 'sl-2', message: 'name is empty' }]);
    expect(parseJsonImport({}, districts).problems[0]?.message).toMatch(/array/);
  });

  it('takes a district by name or id in any case, stores its name, and lists the choices for one the city lacks', () => {
    const parsed = parseJsonImport(
      [
        { id: 'sl-1', kind: 'street-light', name: 'PJU 1', district: 'karang-tengah' },
        { id: 'sl-2', kind: 'street-light', name: 'PJU 2', district: 'KARAWACI' },
        { id: 'sl-3', kind: 'street-light', name: 'PJU 3', district: 'Menteng' },
      ],
      districts,
    );
    expect(parsed.rows.map((row) => row.district)).toEqual(['Karang Tengah', 'Karawaci']);
    expect(parsed.problems).toEqual([{ line: 3, id: 'sl-3', message: expect.stringMatching(/^district "Menteng" is not a district of Kota Tangerang; choose one of Tangerang, Jatiuwung, .*Larangan$/) }]);
  });
});
