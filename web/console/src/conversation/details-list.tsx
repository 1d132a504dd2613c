/** Rows of details (a key and its text) as a description list, or a line saying there are none. */
export function Rows({ rows, empty }: { rows: Array<{ key: string; value: string }>; empty: string }) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <dl class="details">
      {rows.map((row) => (
        <div key={row.key}>
          <dt>{row.key}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
