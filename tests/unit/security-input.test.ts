import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';
import { delayFor } from '@/lib/auth/signin-throttle';
import { AppError } from '@/lib/errors/app-error';
import { csvLine, formulaSafeRead } from '@/lib/exports/csv-text';
import { parseJsonText } from '@/lib/validation/safe-json';
import { checkXlsxLimits, XLSX_LIMITS } from '@/lib/imports/xlsx-limits';

describe('finding 5: the password policy', () => {
  const refused = (password: unknown) => passwordProblem(password)?.messageKey ?? null;
  it('refuses blank, short, common and personal passwords, and megabyte ones', () => {
    expect(refused('        ')).toBe('password.blank');
    expect(refused('          ')).toBe('password.blank');
    expect(refused('password')).toBe('password.tooShort');
    expect(refused('12345678')).toBe('password.tooShort');
    expect(refused('1234567890')).toBe('password.common');
    expect(refused('qwertyuiop')).toBe('password.common');
    expect(refused('aaaaaaaaaaaa')).toBe('password.common');
    expect(refused('x'.repeat(1024 * 1024))).toBe('password.tooLong');
    expect(passwordProblem('wang.lei@acme.cn', { email: 'wang.lei@acme.cn' })?.messageKey).toBe('password.personal');
    expect(passwordProblem('Wang Lei Sales', { name: 'wang lei sales' })?.messageKey).toBe('password.personal');
    expect(refused('correct horse battery')).toBeNull();
    expect(refused('销售部的春天来了2026')).toBeNull();
  });

  it('counts every byte of a long password, not only bcrypt’s first 72', async () => {
    const long = `${'字'.repeat(30)}-first`;
    const other = `${'字'.repeat(30)}-other`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(72);
    const hash = await hashPassword(long);
    expect(await verifyPassword(long, hash)).toBe(true);
    expect(await verifyPassword(other, hash)).toBe(false);
    // Three bcrypt rounds at the production cost: seconds on a busy 2-core machine.
  }, 30_000);
});

describe('finding 4: sign-in delays grow and are capped', () => {
  it('lets the first attempts through, then doubles the wait', () => {
    const limit = { kind: 'acctip' as const, free: 5, maxDelayMs: 15 * 60_000 };
    expect([1, 5, 6, 7, 8].map((n) => delayFor(limit, n))).toEqual([0, 0, 1000, 2000, 4000]);
    expect(delayFor(limit, 40)).toBe(15 * 60_000);
  });
});

describe('finding 8: prototype keys in JSON', () => {
  it('refuses them at any depth, naming the key', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']) {
      const attempt = () => parseJsonText(`{"name":"x","nested":{"${key}":{"a":1}}}`);
      expect(attempt).toThrow(AppError);
      try {
        attempt();
      } catch (error) {
        expect((error as AppError).params.key).toBe(key);
        expect((error as AppError).kind).toBe('invalid');
      }
    }
    expect(parseJsonText('{"name":"x","proto":1}')).toEqual({ name: 'x', proto: 1 });
  });
});

describe('finding 9: CSV cells that would run as formulas', () => {
  it('are written as text (OWASP), numbers stay numbers, and read back as they were', () => {
    const line = csvLine(['=HYPERLINK("http://x","y")', '+1+1', '-cmd', '@SUM(A1)', '\tx', '-12.50', '+86', 'plain']);
    expect(line).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+1+1,'-cmd,'@SUM(A1),'\tx,-12.50,+86,plain\r\n`);
    expect(formulaSafeRead("'=HYPERLINK(1)")).toBe('=HYPERLINK(1)');
    expect(formulaSafeRead("'-cmd")).toBe('-cmd');
    expect(formulaSafeRead("it's")).toBe("it's");
    expect(formulaSafeRead("'-5")).toBe("'-5");
  });
});

describe('finding 10: XLSX limits', () => {
  async function xlsx(sheet: string, extra: Record<string, string> = {}): Promise<string> {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook/>');
    zip.file('xl/worksheets/sheet1.xml', sheet);
    for (const [name, body] of Object.entries(extra)) zip.file(name, body);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'xlsx-')), 'book.xlsx');
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return file;
  }
  const refusal = async (file: string, limits = XLSX_LIMITS) => {
    try {
      await checkXlsxLimits(file, limits);
      return null;
    } catch (error) {
      return (error as AppError).messageKey;
    }
  };
  const row = (n: number, cells: string) => `<row r="${n}">${cells}</row>`;

  it('accepts an ordinary sheet', async () => {
    expect(await refusal(await xlsx(`<worksheet><sheetData>${row(1, '<c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1"><v>12</v></c>')}</sheetData></worksheet>`))).toBeNull();
  });

  it('refuses a cell longer than Excel allows, columns past XFD, too many rows, and what unpacks too big', async () => {
    const long = `<worksheet><sheetData>${row(1, `<c r="A1" t="inlineStr"><is><t>${'x'.repeat(40_000 * 6)}</t></is></c>`)}</sheetData></worksheet>`;
    expect(await refusal(await xlsx(long))).toBe('xlsx.cellTooLong');
    expect(await refusal(await xlsx(`<worksheet><sheetData>${row(1, '<c r="XFE1"><v>1</v></c>')}</sheetData></worksheet>`))).toBe('xlsx.tooManyColumns');
    expect(await refusal(await xlsx(`<worksheet><sheetData>${row(1, '<c r="ZZZZ1"><v>1</v></c>')}</sheetData></worksheet>`))).toBe('xlsx.tooManyColumns');
    const rows = Array.from({ length: 30 }, (_, index) => row(index + 1, '<c><v>1</v></c>')).join('');
    expect(await refusal(await xlsx(`<worksheet><sheetData>${rows}</sheetData></worksheet>`), { ...XLSX_LIMITS, rows: 20 })).toBe('xlsx.tooManyRows');
    const bomb = `<worksheet><sheetData>${row(1, `<c><v>1</v></c>`)}${'<!---->'.repeat(400_000)}</sheetData></worksheet>`;
    expect(await refusal(await xlsx(bomb), { ...XLSX_LIMITS, unpackedBytes: 1024 * 1024 })).toBe('xlsx.tooBig');
    const strings = `<sst>${'<si><t>abcdefgh</t></si>'.repeat(100_000)}</sst>`;
    expect(await refusal(await xlsx('<worksheet/>', { 'xl/sharedStrings.xml': strings }), { ...XLSX_LIMITS, sharedStringsBytes: 1024 * 1024 })).toBe('xlsx.sharedStrings');
  });

  it('refuses what is not a zip', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'xlsx-')), 'not.xlsx');
    await writeFile(file, 'hello');
    expect(await refusal(file)).toBe('xlsx.unreadable');
  });
});
