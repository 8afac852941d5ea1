/**
 * Active ISO 4217 currency codes with their number of minor-unit digits. Codes absent from
 * this table are not currencies as far as the platform is concerned (BAD_USER_INPUT).
 * Source: ISO 4217 list one (active codes); funds and precious-metal codes are left out.
 */
const THREE_DIGITS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
// prettier-ignore
const ZERO_DIGITS = [
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
];
const FOUR_DIGITS = ['CLF', 'UYW'];
// prettier-ignore
const TWO_DIGITS = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND',
  'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK',
  'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK',
  'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN',
  'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON',
  'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP',
  'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'UYU', 'UZS', 'VES', 'WST', 'XCD',
  'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG',
];

const MINOR_DIGITS: ReadonlyMap<string, number> = new Map([
  ...ZERO_DIGITS.map((c) => [c, 0] as const),
  ...TWO_DIGITS.map((c) => [c, 2] as const),
  ...THREE_DIGITS.map((c) => [c, 3] as const),
  ...FOUR_DIGITS.map((c) => [c, 4] as const),
]);

export function isCurrency(code: string): boolean {
  return MINOR_DIGITS.has(code);
}

/** Number of digits after the decimal point for the currency; throws for unknown codes. */
export function minorDigits(currency: string): number {
  const digits = MINOR_DIGITS.get(currency);
  if (digits === undefined) throw new RangeError(`${currency} is not an ISO 4217 currency code`);
  return digits;
}
