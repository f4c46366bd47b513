/**
 * Every string the web app shows goes through the translation files: a key missing from either
 * language, or used in the code and defined nowhere, fails here (not in front of a merchant).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { BEND_CODES } from '@tradepost/protocol';
import {
  API_ERRORS,
  AUDIT_ACTIONS,
  FIELD_MESSAGES,
  ORDER_STATUSES,
  TRANSACTION_TYPES,
  fieldMessage,
} from '@tradepost/web-contract';
import { RESPONSE_CODES } from '../src/features/api-docs/components/reference.ts';
import { fieldText } from '../src/lib/error-text.ts';
import { columnLabel, FIELD_LABELS, fieldLabel, TARGET_FIELD_LABELS } from '../src/lib/field-labels.ts';

const SRC = join(import.meta.dirname, '../src');
const en = JSON.parse(readFileSync(join(SRC, 'i18n/en.json'), 'utf8')) as Record<string, unknown>;
const zh = JSON.parse(readFileSync(join(SRC, 'i18n/zh-CN.json'), 'utf8')) as Record<string, unknown>;
const zhFieldMessages = JSON.parse(
  readFileSync(join(SRC, 'i18n/field-messages.zh-CN.json'), 'utf8'),
) as Record<string, unknown>;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object')
      for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const enKeys = flatten(en);
const zhKeys = flatten(zh);

describe('translations', () => {
  it('the documentation page lists exactly the protocol response codes', () => {
    expect([...RESPONSE_CODES].sort((a, b) => a - b)).toEqual(
      Object.keys(BEND_CODES)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  it('English and 简体中文 have exactly the same keys', () => {
    const missingInZh = [...enKeys.keys()].filter((k) => !zhKeys.has(k));
    const missingInEn = [...zhKeys.keys()].filter((k) => !enKeys.has(k));
    expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
  });

  it('no translation is empty, and placeholders match across languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const bad = [...enKeys].filter(([k, v]) => {
      const z = zhKeys.get(k) ?? '';
      return !v.trim() || !z.trim() || placeholders(v).join() !== placeholders(z).join();
    });
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('every literal key the code uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), t("a.b"), i18nKey / key: 'a.b' in route and nav tables
      for (const m of text.matchAll(/\bt\(\s*['"]([\w.-]+)['"]/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bkey: '([a-z][\w]*\.[\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every value the contract can send has its words (statuses, types, error codes, audit actions)', () => {
    const needed = [
      ...ORDER_STATUSES.map((s) => `status.order.${s}`),
      ...TRANSACTION_TYPES.map((s) => `txType.${s}`),
      ...['active', 'frozen'].map((s) => `status.credit.${s}`),
      ...['completed', 'partially_failed', 'failed'].map((s) => `status.batch.${s}`),
      ...Object.keys(API_ERRORS).map((c) => `errors.${c}`),
      ...AUDIT_ACTIONS.map((a) => `audit.action.${a}`),
      ...RESPONSE_CODES.map((c) => `docs.codes.c${c}`),
    ];
    expect(needed.filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every field message of the contract has English (its own text) and 简体中文, with the same parameters', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(zhFieldMessages).sort()).toEqual(Object.keys(FIELD_MESSAGES).sort());
    const bad = Object.entries(FIELD_MESSAGES).filter(([id, english]) => {
      const chinese = zhFieldMessages[id];
      return (
        !english.trim() ||
        typeof chinese !== 'string' ||
        !chinese.trim() ||
        placeholders(english).join() !== placeholders(chinese).join()
      );
    });
    expect(bad.map(([id]) => id)).toEqual([]);
  });

  it('a field message is shown by its id in the reader’s language, a hint inside it too; other text as it came', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'zh-CN',
      fallbackLng: 'en',
      resources: {
        en: { translation: { ...en, fieldMessages: FIELD_MESSAGES } },
        'zh-CN': { translation: { ...zh, fieldMessages: zhFieldMessages } },
      },
      interpolation: { escapeValue: false },
    });
    const url = fieldMessage('urlHttps', { hint: fieldMessage('publicUrlHint') });
    expect(
      [
        fieldMessage('maxChars', { max: 64 }),
        fieldMessage('usedByOrder', { orderNo: 'ORD1' }),
        url,
        fieldMessage('stockLeft', { left: 3 }),
        fieldMessage('cannotMove', { from: 'pending', to: 'shipped' }),
        `price: ${fieldMessage('priceAboveZero', { value: '"0.00"' })}`,
        'no stock, sorry',
        'price: no stock, sorry',
      ].map((m) => fieldText(i18n.t, m)),
    ).toEqual([
      '最多 64 个字符',
      '已被订单 ORD1 使用',
      '必须以 https:// 开头；请填写接收端可公开访问的 https:// 地址',
      '仅剩 3 件',
      '订单无法从“待处理”改为“已发货”',
      '价格："0.00" 必须大于 0',
      'no stock, sorry',
      'price: no stock, sorry',
    ]);
    // A file's problem as the server says it: a CSV header's list of problems, each translated;
    // a parser's syntax error in our words; a library's own words kept as they came.
    const header = fieldMessage('csvHeader', {
      problems: [
        fieldMessage('unknownColumn', { value: '"prce"' }),
        fieldMessage('missingColumns', { columns: 'spec, price' }),
      ].join(fieldMessage('listSeparator')),
      columns: 'goods_id,title,price',
    });
    const library = 'Invalid Opening Quote: a quote is found on field 0 at line 1, value is "\\"x"';
    expect(
      [
        header,
        fieldMessage('csvHeader', {
          problems: fieldMessage('missingColumn', { columns: 'spec' }),
          columns: 'spec',
        }),
        fieldMessage('invalidJson', {
          detail: fieldMessage('jsonExpected', {
            what: fieldMessage('aValue'),
            found: fieldMessage('endOfFile'),
          }),
        }),
        fieldMessage('invalidJson', { detail: fieldMessage('jsonExpected', { what: '"}"', found: '"x"' }) }),
        fieldMessage('invalidCsv', { detail: library }),
        `title: ${fieldMessage('csvDiffers', { value: '"B"', line: 2, expected: '"A"', goodsId: '"G1"' })}`,
        `status: ${fieldMessage('oneOf', { values: 'active, suspended' })}`,
        `cursor: ${fieldMessage('notCursor')}`,
        // A line of a file with two problems: both, each translated.
        [
          `price: ${fieldMessage('notAmountValue', { value: '"1.001"' })}`,
          `stock: ${fieldMessage('notWholeNumberValue', { value: '"abc"' })}`,
        ].join(fieldMessage('listSeparator')),
      ].map((m) => fieldText(i18n.t, m)),
    ).toEqual([
      '表头有误：未知的列 "prce"；缺少列 spec, price（可用的列为 goods_id,title,price）',
      '表头有误：缺少列 spec（可用的列为 spec）',
      'JSON 格式无效：此处应为 一个值，实际为 文件结尾',
      'JSON 格式无效：此处应为 "}"，实际为 "x"',
      `CSV 格式无效：${library}`,
      'title："B" 与第 2 行（"A"）不一致，goods_id 为 "G1"',
      '状态：必须是以下之一：active, suspended',
      'cursor：必须是之前某一页返回的 next_cursor',
      '价格："1.001" 不是有效金额，格式如 12.30（最多两位小数，不能为负数）；库存："abc" 不是大于或等于 0 的整数',
    ]);
    // A refusal's list names each field by its form's label; a key with none as it is.
    expect(['line 7', 'shipping_address.city', 'ORD2026113000001'].map((k) => fieldLabel(i18n.t, k))).toEqual(
      ['第 7 行', '城市', 'ORD2026113000001'],
    );
    // A line of a file names its columns as the file spells them where the label reads otherwise.
    const line = [
      `recipient_phone: ${fieldMessage('required')}`,
      `quantity: ${fieldMessage('required')}`,
    ].join(fieldMessage('listSeparator'));
    expect(fieldText(i18n.t, line, columnLabel)).toBe(
      '电话 (recipient_phone)：此项为必填项；数量 (quantity)：此项为必填项',
    );
    await i18n.changeLanguage('en');
    expect(fieldText(i18n.t, line, columnLabel)).toBe(
      'Phone (recipient_phone): is required; Quantity: is required',
    );
    expect(fieldText(i18n.t, url)).toBe(url);
    expect(fieldText(i18n.t, header)).toBe(header);
    expect(fieldText(i18n.t, 'price: "0.00" must be greater than 0')).toBe(
      'Price: "0.00" must be greater than 0',
    );
  });

  it('every field label is a key of both languages', () => {
    const labels = [
      ...Object.values(FIELD_LABELS),
      ...Object.values(TARGET_FIELD_LABELS).flatMap(Object.values),
    ];
    expect(labels.filter((k) => !enKeys.has(k) || !zhKeys.has(k))).toEqual([]);
  });

  it("a field named after what it belongs to: a merchant's name is its company name, an App's its own", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: en }, 'zh-CN': { translation: zh } } });
    expect(fieldLabel(i18n.t, 'name', 'merchant')).toBe('Company name');
    expect(fieldLabel(i18n.t, 'name', 'app')).toBe('App name');
    expect(fieldLabel(i18n.t, 'name')).toBe('name');
    expect(fieldLabel(i18n.t, 'email', 'merchant')).toBe('E-mail');
    await i18n.changeLanguage('zh-CN');
    expect(fieldLabel(i18n.t, 'name', 'merchant')).toBe('公司名称');
  });
});
