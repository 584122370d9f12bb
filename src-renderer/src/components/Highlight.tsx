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
