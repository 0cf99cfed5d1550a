import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { exampleRow, formOf, type SettingSchema } from './setting-schema';

/** Text in a JSON box that does not parse: the form will not send it. */
export class UnparsedJson {
  constructor(readonly text: string) {}
}

interface InputProps {
  readonly schema: SettingSchema;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  /** The input's accessible name. */
  readonly label: string;
}

/** An input made from a setting's JSON Schema (see `formOf`); the server checks the value again. */
export function SettingInput({ schema, value, onChange, label }: InputProps) {
  const form = formOf(schema);
  switch (form) {
    case 'integer':
    case 'number':
      return <NumberInput schema={schema} value={value} onChange={onChange} label={label} />;
    case 'boolean':
      return <input type="checkbox" aria-label={label} checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
    case 'choice':
      return (
        <select aria-label={label} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          {(schema.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
    case 'string':
      return <input type="text" aria-label={label} spellCheck={false} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />;
    case 'rows':
      return <RowsInput schema={schema} value={value} onChange={onChange} label={label} />;
    case 'json':
      return <JsonInput value={value} onChange={onChange} label={label} />;
  }
}

/** Keeps what is typed ("0.", "-") and hands on a number once the text is one. */
function NumberInput({ schema, value, onChange, label }: InputProps) {
  const [text, setText] = useState(() => (typeof value === 'number' ? String(value) : ''));
  return (
    <input
      type="text"
      inputMode="decimal"
      className="number-input"
      aria-label={label}
      value={text}
      title={[schema.minimum, schema.maximum].every((bound) => bound !== undefined) ? `${schema.minimum} – ${schema.maximum}` : undefined}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        const number = Number(next.replace(',', '.'));
        onChange(next.trim() !== '' && Number.isFinite(number) ? number : next);
      }}
    />
  );
}

/** An array of flat objects as a table: one row per entry, a column per property. */
function RowsInput({ schema, value, onChange, label }: InputProps) {
  const { t } = useI18n();
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const properties = Object.entries(schema.items?.properties ?? {});
  const change = (index: number, name: string, next: unknown) => onChange(rows.map((row, at) => (at === index ? { ...row, [name]: next } : row)));
  return (
    <div className="setting-rows">
      <table>
        <thead>
          <tr>
            {properties.map(([name]) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t.settingRowActions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows have no identity but their place; an input keeps its text while its row stays put.
            <tr key={index}>
              {properties.map(([name, property]) => (
                <td key={name}>
                  <SettingInput schema={property} value={row[name]} label={`${label} ${index + 1} ${name}`} onChange={(next) => change(index, name, next)} />
                </td>
              ))}
              <td>
                <button type="button" className="link-button" disabled={rows.length <= (schema.minItems ?? 0)} onClick={() => onChange(rows.filter((_, at) => at !== index))}>
                  {t.settingRowRemove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link-button" disabled={schema.maxItems !== undefined && rows.length >= schema.maxItems} onClick={() => onChange([...rows, exampleRow(schema)])}>
        {t.settingRowAdd}
      </button>
    </div>
  );
}

/** Any other shape, as JSON text. */
function JsonInput({ value, onChange, label }: Omit<InputProps, 'schema'>) {
  const { t } = useI18n();
  const [text, setText] = useState(() => (value instanceof UnparsedJson ? value.text : JSON.stringify(value ?? null)));
  return (
    <>
      <textarea
        rows={3}
        spellCheck={false}
        aria-label={label}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          try {
            onChange(JSON.parse(event.target.value));
          } catch {
            onChange(new UnparsedJson(event.target.value));
          }
        }}
      />
      {value instanceof UnparsedJson && <span className="field-hint">{t.settingJsonInvalid}</span>}
    </>
  );
}
