import { Type } from 'typebox';
import { ApiErrorBodySchema, DeviceIdSchema } from '@kendali/contracts';

/**
 * Schemas of the routes themselves (path parameters, error answers). Every message a route takes
 * or gives is a schema of `@kendali/contracts`, so the API validates, serialises and documents the
 * very shape clients are typed against.
 */

/** An error answer of one route, described by what it means there: `404: errorAnswer('No device with that id')`. */
export const errorAnswer = (description: string) => Type.Object(ApiErrorBodySchema.properties, { description });

export const DeviceIdParams = Type.Object({ id: DeviceIdSchema });
