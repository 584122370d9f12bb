import { Fragment } from 'react';

/** Marks every occurrence of the search text, as the search itself matches substrings. */
export function Highlight({ text, query }: { text: string; query: string | undefined }) {
  const needle = query?.trim();
  if (!needle) return <>{text}</>;
  const parts = text.split(needle);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <mark className="search-hit">{needle}</mark>}
        </Fragment>
      ))}
    </>
  );
}

/**
 * Whether the search found this row only through its 所属措施 (the search covers the measure's title too, case-
 * insensitively like the index): that column sits off to the right, so the row has to say where the hit was.
 */
export function hitOnlyInMeasure(query: string | undefined, row: { text: string; measureTitle: string }): boolean {
  const needle = query?.trim().toLowerCase();
  if (!needle) return false;
  return !row.text.toLowerCase().includes(needle) && row.measureTitle.toLowerCase().includes(needle);
}
