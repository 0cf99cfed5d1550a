import type { FileHandle } from 'node:fs/promises';
import { parquetMetadata, type ColumnChunk, type FileMetaData, type RowGroup, type SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

const magic = Buffer.from('PAR1', 'ascii');
const chunkBytes = 64 * 1024;

function shifted<T extends bigint | number | undefined>(offset: T, by: number): T {
  if (offset === undefined) return offset;
  return (typeof offset === 'bigint' ? offset + BigInt(by) : (offset as number) + by) as T;
}

/**
 * One Parquet file out of several with the same columns, written one after another: each file's
 * row groups are copied as they are (Parquet's column chunks are located by absolute offsets in the
 * footer, Apache Parquet format, "File format"), and one footer lists them all at their new place.
 * Only the footers stay in memory.
 */
export class ParquetStitch {
  #offset = 0;
  #rows = 0n;
  readonly #rowGroups: RowGroup[] = [];

  constructor(
    /** The schema of the file written (each part's columns must have the same physical types). */
    private readonly schema: readonly SchemaElement[],
    private readonly footer: Pick<FileMetaData, 'created_by' | 'key_value_metadata'>,
  ) {}

  /** The bytes of a part's row groups at their place in the file (the file's leading magic number first). */
  async *add(file: FileHandle): AsyncGenerator<Uint8Array> {
    if (this.#offset === 0) {
      yield magic;
      this.#offset = magic.length;
    }
    const { size } = await file.stat();
    const tail = Buffer.alloc(8);
    await file.read(tail, 0, 8, size - 8);
    const footerLength = tail.readUInt32LE(0);
    const footer = Buffer.alloc(footerLength + 8);
    await file.read(footer, 0, footer.length, size - footer.length);
    const metadata = parquetMetadata(footer);
    const bodyEnd = size - footer.length;
    const by = this.#offset - magic.length;
    for (const group of metadata.row_groups) {
      this.#rowGroups.push({ ...group, file_offset: shifted(group.file_offset, by), columns: group.columns.map((column) => shiftedColumn(column, by)) });
    }
    this.#rows += BigInt(metadata.num_rows);
    for (let at = magic.length; at < bodyEnd; ) {
      const bytes = Buffer.allocUnsafe(Math.min(chunkBytes, bodyEnd - at));
      const { bytesRead } = await file.read(bytes, 0, bytes.length, at);
      if (bytesRead === 0) throw new Error('a Parquet part ended before its footer');
      at += bytesRead;
      this.#offset += bytesRead;
      yield bytes.subarray(0, bytesRead);
    }
  }

  /** The footer listing every part's row groups, and the closing magic number. */
  finish(): Uint8Array {
    const writer = new ByteWriter();
    if (this.#offset === 0) writer.appendBytes(magic);
    writeMetadata(writer, {
      version: 2,
      created_by: this.footer.created_by,
      schema: [...this.schema],
      num_rows: this.#rows,
      row_groups: this.#rowGroups,
      metadata_length: 0,
      key_value_metadata: this.footer.key_value_metadata,
    });
    writer.appendBytes(magic);
    return new Uint8Array(writer.getBytes());
  }
}

function shiftedColumn(column: ColumnChunk, by: number): ColumnChunk {
  const meta = column.meta_data;
  return {
    ...column,
    file_offset: shifted(column.file_offset, by),
    offset_index_offset: shifted(column.offset_index_offset, by),
    column_index_offset: shifted(column.column_index_offset, by),
    ...(meta === undefined
      ? {}
      : {
          meta_data: {
            ...meta,
            data_page_offset: shifted(meta.data_page_offset, by),
            index_page_offset: shifted(meta.index_page_offset, by),
            dictionary_page_offset: shifted(meta.dictionary_page_offset, by),
            bloom_filter_offset: shifted(meta.bloom_filter_offset, by),
          },
        }),
  };
}
