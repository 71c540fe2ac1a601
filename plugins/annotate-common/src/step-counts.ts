import type { FrameRecord } from '@winnow/sdk';
import { isAnnotationRecord } from './schema';

/** What one detector record counts towards the run's totals: frames seen, skipped per reason, annotated, cascaded, for review, per provider. */
export function detectorCounts(record: FrameRecord): Record<string, number> {
  if (!isAnnotationRecord(record)) return {};
  if (!record.selected) return { frames: 1, [`skipped ${record.skip ?? 'unknown'}`]: 1 };
  return {
    frames: 1,
    annotated: 1,
    objects: record.objects.length,
    ...(record.models.length > 1 ? { cascaded: 1 } : {}),
    ...(record.review ? { review: 1 } : {}),
    [`provider ${record.provider ?? 'unknown'}`]: 1,
  };
}

/** What one segmenter record counts: frames segmented, masks made, boxes the mask did not confirm, frames for review. */
export function segmenterCounts(record: FrameRecord): Record<string, number> {
  if (!isAnnotationRecord(record)) return {};
  const masked = record.objects.filter((o) => o.mask !== undefined);
  const unconfirmed = masked.filter((o) => o.confirmed === false).length;
  return {
    frames: 1,
    ...(masked.length > 0 ? { segmented: 1, masks: masked.length } : {}),
    ...(unconfirmed > 0 ? { unconfirmed } : {}),
    ...(record.review ? { review: 1 } : {}),
  };
}
