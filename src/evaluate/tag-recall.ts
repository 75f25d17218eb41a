/**
 * Recall per damage tag: for the doses carrying a tag (diacritics_missing, day_month_swapped, …),
 * the share whose true person was found — once counting only auto-accepted decisions (verified,
 * corrected), once also counting review. It shows which kinds of damage the engine recovers and
 * which it loses. A dose with several tags counts toward each. Only doses whose person is present
 * enter the ratio (an absent person cannot be found); `count` includes the absent ones too.
 * Untagged doses are tallied apart, as the clean baseline.
 */
import { ratio } from './metrics.js';

export interface TagRecall {
  /** Doses carrying the tag. */
  count: number;
  /** Of those, doses whose person is in the register: the recall denominator. */
  present: number;
  auto_found: number;
  review_found: number;
  /** auto_found / present; null when present is 0. */
  auto_recall: number | null;
  /** (auto_found + found at review) / present; null when present is 0. */
  review_recall: number | null;
}

interface Tally {
  count: number;
  present: number;
  auto: number;
  review: number;
}

/** How a dose's true person was found: not at all, by an auto-accepted decision, or at review. */
export type Found = 'no' | 'auto' | 'review';

export class TagRecallCounter {
  private readonly byTag = new Map<string, Tally>();
  private readonly untagged: Tally = { count: 0, present: 0, auto: 0, review: 0 };

  add(tags: readonly string[], present: boolean, found: Found): void {
    if (tags.length === 0) {
      tally(this.untagged, present, found);
      return;
    }
    for (const tag of tags) {
      let t = this.byTag.get(tag);
      if (t === undefined) {
        t = { count: 0, present: 0, auto: 0, review: 0 };
        this.byTag.set(tag, t);
      }
      tally(t, present, found);
    }
  }

  /** Tags worst first: lowest auto recall, then lowest review recall, then most doses, then name. */
  byTagWorstFirst(): [string, TagRecall][] {
    const rows = [...this.byTag].map(([tag, t]) => [tag, finish(t)] as [string, TagRecall]);
    rows.sort(([ta, a], [tb, b]) => nullLast(a.auto_recall, b.auto_recall) || nullLast(a.review_recall, b.review_recall) || b.count - a.count || (ta < tb ? -1 : ta > tb ? 1 : 0));
    return rows;
  }

  untaggedRecall(): TagRecall {
    return finish(this.untagged);
  }
}

function tally(t: Tally, present: boolean, found: Found): void {
  t.count++;
  if (!present) return;
  t.present++;
  if (found === 'auto') t.auto++;
  else if (found === 'review') t.review++;
}

function finish(t: Tally): TagRecall {
  const reviewFound = t.auto + t.review;
  return {
    count: t.count,
    present: t.present,
    auto_found: t.auto,
    review_found: reviewFound,
    auto_recall: ratio(t.auto, t.present),
    review_recall: ratio(reviewFound, t.present),
  };
}

/** Ascending, undefined (null) ratios after every defined one. */
function nullLast(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a - b;
}
