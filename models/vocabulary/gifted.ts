// A line of a school year's list of events for the gifted register (seed 004 §3.4), as it is
// stored, typed on the page or read from a file.
export interface GiftedListEntry {
  event: string;
  organiser: string;
  /** Subject or profile; empty: any. */
  profile: string;
  /** The lowest level (stage) that counts, a LEVEL code; empty: any. */
  level: string;
  /** The act the entry comes from («Приказ Минпросвещения от … № …»). */
  act: string;
}
