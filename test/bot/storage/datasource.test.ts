import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDatasource, envWithDb, parseDatasource } from '../../../bot/storage/datasource';

describe('datasource', () => {
  it('a file: URL is a SQLite file relative to the working directory', () => {
    expect(parseDatasource('file:./data/ponte.db')).toEqual({ provider: 'sqlite', url: `file:${path.resolve('data/ponte.db')}`, file: path.resolve('data/ponte.db') });
  });

  it('postgres:// and postgresql:// are PostgreSQL; the description never shows the password', () => {
    const ds = parseDatasource('postgresql://ponte:s3cret@db.internal:5433/ponte_prod?sslmode=require');
    expect(ds.provider).toBe('postgres');
    expect(describeDatasource(ds)).toBe('postgresql://db.internal:5433/ponte_prod');
    expect(parseDatasource('postgres://u@h/d').provider).toBe('postgres');
  });

  it('--db takes a URL as it is, and a plain path as a SQLite file', () => {
    expect(envWithDb(undefined, { A: '1' })).toEqual({ A: '1' });
    expect(envWithDb('postgresql://u@h/d', {}).DATABASE_URL).toBe('postgresql://u@h/d');
    expect(envWithDb('file:/tmp/x.db', {}).DATABASE_URL).toBe('file:/tmp/x.db');
    expect(envWithDb('data/x.db', {}).DATABASE_URL).toBe(`file:${path.resolve('data/x.db')}`);
  });
});
