import { Type, type TArrayOptions, type TInteger, type TObject, type TObjectOptions, type TProperties, type TReadonlyAdd, type TSchema, type TSchemaOptions, type TUnsafe } from 'typebox';

/**
 * The few ways Kendali builds message schemas. Each message is one TypeBox schema: the API validates,
 * serialises and documents with it, and its TypeScript type is derived from it with `Static<>`.
 */

type ReadonlyProperties<Properties extends TProperties> = { [Name in keyof Properties]: TReadonlyAdd<Properties[Name]> };

/** An object schema whose derived type has every property readonly (the JSON Schema is a plain object's). */
export function Message<Properties extends TProperties>(properties: Properties, options?: TObjectOptions): TObject<ReadonlyProperties<Properties>> {
  const readonlyProperties = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, Type.Readonly(schema)]));
  return Type.Object(readonlyProperties as ReadonlyProperties<Properties>, options);
}

/** An array schema whose derived type is a readonly array. */
export const List = <Item extends TSchema>(item: Item, options?: TArrayOptions) => Type.Immutable(Type.Array(item, options));

/** The schema, or null. */
export const Nullable = <Schema extends TSchema>(schema: Schema, options?: TSchemaOptions) => Type.Union([schema, Type.Null()], options);

/** One of the string literals given (`{ type: "string", enum: [...] }`), typed as their union. */
export const StringEnum = <Value extends string>(values: readonly Value[], options: TSchemaOptions = {}): TUnsafe<Value> =>
  Type.Unsafe<Value>({ type: 'string', enum: [...values], ...options });

/** A count for each of the names given, e.g. alarms by severity. */
export const Counts = <Name extends string>(names: readonly Name[], options?: TObjectOptions) =>
  Message(Object.fromEntries(names.map((name) => [name, Type.Integer()])) as Record<Name, TInteger>, options);
