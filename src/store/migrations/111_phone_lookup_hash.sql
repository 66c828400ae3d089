-- callguard schema 111: calls (and complaints) are found by phone number without reading or
-- indexing the number itself: `phone_hash` is SHA-256 over a per-installation secret and the
-- normalised number (+86 / 0086 prefixes, spaces, dashes and brackets removed). The secret is made
-- here, once, at random: it keeps a copy of the hashes from being reversed with a table of all
-- mobile numbers computed elsewhere. The database computes the hash (phone_lookup_hash) so ingest,
-- this backfill and the intake lookup cannot disagree; src/domain/phone-number.ts normalises the
-- same way for display and is tested against it.

CREATE TABLE phone_lookup_secret (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  secret   text NOT NULL
);
INSERT INTO phone_lookup_secret (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- Digits only; a Chinese country prefix (+86, 0086, or 86 before an 11-digit mobile) removed; a
-- landline written internationally (+86 10 …) gets its trunk 0 back. Other country codes keep '+'.
CREATE FUNCTION normalise_phone(raw text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  d text := regexp_replace(coalesce(raw, ''), '[^0-9]', '', 'g');
  plus boolean := btrim(coalesce(raw, '')) LIKE '+%';
  national text;
BEGIN
  IF d = '' THEN RETURN NULL; END IF;
  IF plus AND d LIKE '86%' THEN national := substr(d, 3);
  ELSIF NOT plus AND d LIKE '0086%' THEN national := substr(d, 5);
  ELSIF NOT plus AND length(d) = 13 AND d LIKE '861%' THEN national := substr(d, 3);
  ELSIF plus THEN RETURN '+' || d;
  ELSE RETURN d;
  END IF;
  IF national = '' THEN RETURN NULL; END IF;
  -- Mobiles are 11 digits from 1; Beijing's area code (10) starts with 1 too.
  IF NOT (length(national) = 11 AND national LIKE '1%') AND national NOT LIKE '0%' THEN national := '0' || national; END IF;
  RETURN national;
END;
$$;

CREATE FUNCTION phone_lookup_hash(raw text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN normalise_phone(raw) IS NULL THEN NULL
    ELSE encode(sha256(convert_to((SELECT secret FROM phone_lookup_secret) || ':' || normalise_phone(raw), 'UTF8')), 'hex') END
$$;

ALTER TABLE calls ADD COLUMN phone_hash text;
UPDATE calls SET phone_hash = phone_lookup_hash(phone) WHERE phone IS NOT NULL;
CREATE INDEX calls_phone_hash_idx ON calls (phone_hash, started_at) WHERE phone_hash IS NOT NULL;

-- Filled on every write of `phone`, whoever writes it (ingest, a fix by hand).
CREATE FUNCTION calls_set_phone_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.phone_hash := phone_lookup_hash(NEW.phone);
  RETURN NEW;
END;
$$;
CREATE TRIGGER calls_phone_hash BEFORE INSERT OR UPDATE OF phone ON calls
  FOR EACH ROW EXECUTE FUNCTION calls_set_phone_hash();

-- A complaint keeps the number it came with only hashed (for finding the borrower again) and masked
-- (for display); the borrower's calls have it in full where the supervisor may see it.
ALTER TABLE complaints
  ADD COLUMN phone_hash   text,
  ADD COLUMN phone_masked text;
CREATE INDEX complaints_phone_hash_idx ON complaints (phone_hash) WHERE phone_hash IS NOT NULL;
