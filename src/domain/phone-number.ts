/**
 * Phone numbers as complaints arrive with them: "+86 139-1234-5678", "0086 13912345678",
 * "139 1234 5678" are one number. Normalised the same way as the database's normalise_phone
 * (schema 111), which computes the lookup hash; a test holds the two together.
 */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const d = trimmed.replace(/\D/g, '');
  if (d === '') return null;
  const plus = trimmed.startsWith('+');
  let national: string;
  if (plus && d.startsWith('86')) national = d.slice(2);
  else if (!plus && d.startsWith('0086')) national = d.slice(4);
  else if (!plus && d.length === 13 && d.startsWith('861')) national = d.slice(2);
  else return plus ? `+${d}` : d;
  if (national === '') return null;
  // A landline written internationally (+86 10 …) drops its trunk 0; put it back. Mobiles are 11
  // digits from 1; Beijing's area code starts with 1 too.
  const mobile = national.length === 11 && national.startsWith('1');
  return mobile || national.startsWith('0') ? national : `0${national}`;
}

/** Enough digits to be a phone number someone could be called on (not a typo of two digits). */
export function isPlausiblePhone(raw: string): boolean {
  const n = normalisePhone(raw);
  return n !== null && n.replace(/\D/g, '').length >= 7 && n.replace(/\D/g, '').length <= 15;
}

/** For display: the last four digits only ("*******5678"). */
export function maskedPhone(raw: string): string | null {
  const n = normalisePhone(raw);
  if (n === null) return null;
  return n.replace(/\d(?=\d{4})/g, '*');
}
