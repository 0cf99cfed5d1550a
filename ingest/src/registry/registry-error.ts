import { IngestError } from '../errors';

export class RegistryError extends IngestError {
  constructor(
    override readonly code: 'KENDALI_ERR_DEVICE_EXISTS' | 'KENDALI_ERR_DEVICE_NOT_FOUND' | 'KENDALI_ERR_DISTRICT_UNKNOWN' | 'KENDALI_ERR_KIND_UNKNOWN',
    message: string,
  ) {
    super(code, message);
    this.name = 'RegistryError';
  }
}
