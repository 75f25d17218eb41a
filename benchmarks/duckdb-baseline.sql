-- DuckDB SQL baseline for khớp's match job (issue 5): what a data engineer would write with
-- DuckDB's built-in functions, as the yardstick for khớp's speed, memory and quality.
-- Data contract: /work/shared/DESIGN.md (registry.csv, doses.csv, the dob formats, the ID rules).
--
-- benchmarks/duckdb-baseline.ts splits this file on `-- @step <name>` lines, runs each step's
-- statements in order and times the step. Double-brace placeholders are filled by the runner with
-- SQL string literals (paths) or numbers. Every column is read as VARCHAR: the baseline does its
-- own normalization, as khớp does.
--
-- Blocking (candidate pairs = the distinct UNION of the three):
--   1. dose ID = person ID    2. dose ID = person's old ID
--   3. birth year + folded family name (first token) + folded given name (last token)
-- Score (additive, 0 to 10.5):
--     4   × jaro_winkler_similarity(folded full names)
--   + 3   if the dose's ID equals the person's ID or old ID (both normalized)
--   + 2   if both full dates of birth parse and are equal
--   + 1   if both birth years are known and equal
--   + 0.5 if both genders are known and equal
-- Each dose keeps its best candidate (ties: smallest person_id); it is linked when the score is
-- at least {{threshold}}.

-- @step setup
SET threads = {{threads}};
SET preserve_insertion_order = false;
-- Đ/đ has no Unicode decomposition, so strip_accents leaves it alone: map it (and the look-alike
-- Ð) first. Zero-width characters go; runs of spaces collapse to one space.
CREATE MACRO fold_name(s) AS
  trim(regexp_replace(regexp_replace(lower(strip_accents(translate(coalesce(s, ''), 'ĐđÐð', 'DdDd'))),
                                     '[\x{200B}-\x{200D}\x{2060}\x{FEFF}]', '', 'g'),
                      '\s+', ' ', 'g'));
-- Separators dropped; an ID stored as a number lost its leading zero (11 digits).
CREATE MACRO id_digits(s) AS regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g');
CREATE MACRO pad_id(v) AS CASE WHEN length(v) = 11 THEN '0' || v ELSE nullif(v, '') END;
CREATE MACRO norm_id(s) AS pad_id(id_digits(s));
-- dob formats of the contract: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, ddmmyyyy,
-- yyyy. The year is kept even when the date itself is impossible (30/02 from old papers).
CREATE MACRO dob_year_of(t) AS CASE
  WHEN regexp_full_match(t, '\d{4}') THEN t::INTEGER
  WHEN regexp_full_match(t, '\d{4}-\d{1,2}-\d{1,2}') THEN left(t, 4)::INTEGER
  WHEN regexp_full_match(t, '\d{1,2}[/.-]\d{1,2}[/.-]\d{4}') THEN right(t, 4)::INTEGER
  WHEN regexp_full_match(t, '\d{8}') THEN right(t, 4)::INTEGER
END;
CREATE MACRO dob_date_of(t) AS CASE
  WHEN regexp_full_match(t, '\d{4}-\d{1,2}-\d{1,2}') THEN try_strptime(t, '%Y-%m-%d')
  WHEN regexp_full_match(t, '\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
    THEN try_strptime(regexp_replace(t, '[.-]', '/', 'g'), '%d/%m/%Y')
  WHEN regexp_full_match(t, '\d{8}') THEN try_strptime(t, '%d%m%Y')
END::DATE;
CREATE MACRO dob_year(s) AS dob_year_of(trim(coalesce(s, '')));
CREATE MACRO dob_date(s) AS dob_date_of(trim(coalesce(s, '')));
CREATE MACRO gender_of(g) AS CASE
  WHEN g IN ('nam', 'm', 'male') THEN 'M'
  WHEN g IN ('nu', 'f', 'female') THEN 'F'
END;
CREATE MACRO norm_gender(s) AS gender_of(lower(strip_accents(trim(coalesce(s, '')))));

-- @step read_registry
CREATE TABLE reg AS
SELECT (row_number() OVER () - 1)::INTEGER AS r, person_id,
       norm_id(person_id) AS pid, norm_id(old_id) AS oid,
       fold_name(full_name) AS name, dob_year(dob) AS yob, dob_date(dob) AS dob,
       norm_gender(gender) AS sex
FROM read_csv({{registry}}, header = true, all_varchar = true);
ALTER TABLE reg ADD COLUMN family VARCHAR;
ALTER TABLE reg ADD COLUMN given VARCHAR;
UPDATE reg SET family = nullif(split_part(name, ' ', 1), ''),
               given = nullif(string_split(name, ' ')[-1], '');

-- @step read_doses
CREATE TABLE dose AS
SELECT (row_number() OVER () - 1)::INTEGER AS d, dose_id,
       norm_id(citizen_id) AS cid,
       fold_name(full_name) AS name, dob_year(dob) AS yob, dob_date(dob) AS dob,
       norm_gender(gender) AS sex
FROM read_csv({{doses}}, header = true, all_varchar = true);
ALTER TABLE dose ADD COLUMN family VARCHAR;
ALTER TABLE dose ADD COLUMN given VARCHAR;
UPDATE dose SET family = nullif(split_part(name, ' ', 1), ''),
                given = nullif(string_split(name, ' ')[-1], '');

-- @step block
CREATE TABLE pairs AS
SELECT d.d, g.r FROM dose d JOIN reg g ON d.cid = g.pid
UNION
SELECT d.d, g.r FROM dose d JOIN reg g ON d.cid = g.oid
UNION
SELECT d.d, g.r FROM dose d JOIN reg g
  ON d.yob = g.yob AND d.family = g.family AND d.given = g.given;

-- @step score
CREATE TABLE best AS
SELECT p.d, p.r, d.dose_id, g.person_id,
       4 * jaro_winkler_similarity(d.name, g.name)
     + CASE WHEN d.cid = g.pid OR d.cid = g.oid THEN 3 ELSE 0 END
     + CASE WHEN d.dob = g.dob THEN 2 ELSE 0 END
     + CASE WHEN d.yob = g.yob THEN 1 ELSE 0 END
     + CASE WHEN d.sex = g.sex THEN 0.5 ELSE 0 END AS score
FROM pairs p JOIN dose d ON d.d = p.d JOIN reg g ON g.r = p.r
QUALIFY row_number() OVER (PARTITION BY p.d ORDER BY score DESC, g.person_id) = 1;

-- @step write
-- One row per dose in input order, in the columns `khop evaluate` reads, so khớp's own evaluator
-- can check the figures below: match_probability is score / 10.5 (the maximum), not a calibrated
-- probability.
COPY (
  SELECT d.dose_id,
         CASE WHEN b.score >= {{threshold}} THEN 'corrected' ELSE 'unmatched' END AS decision,
         b.person_id, round(b.score / 10.5, 9) AS match_probability, round(b.score, 4) AS score
  FROM dose d LEFT JOIN best b ON b.d = d.d
  ORDER BY d.d
) TO {{results}} (HEADER, DELIMITER ',');

-- Evaluation against truth.csv (dose_id,person_id,tags; person_id empty when the person is absent
-- from the register). Not part of the timed pipeline. A link is correct when its person_id is the
-- true one; precision = correct links / links, recall = correct links / doses whose person is
-- present; best F1 sweeps the threshold over every score the best pairs reached.

-- @eval judged
CREATE TABLE judged AS
SELECT t.dose_id, nullif(trim(t.person_id), '') AS true_pid, b.score,
       coalesce(b.person_id = nullif(trim(t.person_id), ''), false) AS correct
FROM read_csv({{truth}}, header = true, all_varchar = true) t
LEFT JOIN best b ON b.dose_id = t.dose_id;

-- @eval quality
SELECT (SELECT count(*) FROM pairs) AS candidate_pairs,
       (SELECT count(*) FROM dose) AS doses,
       (SELECT count(*) FROM reg) AS registry,
       count(*) AS truth_rows,
       count(true_pid) AS present,
       count(*) FILTER (WHERE score >= {{threshold}}) AS links,
       count(*) FILTER (WHERE score >= {{threshold}} AND correct) AS correct_links,
       count(*) FILTER (WHERE correct) AS best_is_true
FROM judged;

-- @eval best_f1
WITH per_score AS (
  SELECT score, count(*) AS n, count(*) FILTER (WHERE correct) AS c
  FROM judged WHERE score IS NOT NULL GROUP BY score
), cumulative AS (
  SELECT score, sum(n) OVER (ORDER BY score DESC) AS links,
         sum(c) OVER (ORDER BY score DESC) AS correct_links
  FROM per_score
)
SELECT score AS threshold, links, correct_links,
       2 * correct_links / (links + (SELECT count(true_pid) FROM judged)) AS f1
FROM cumulative ORDER BY f1 DESC, threshold DESC LIMIT 1;
