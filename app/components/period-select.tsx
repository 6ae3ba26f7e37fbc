/** The choice of a period of the school year (or the year), as every results page offers it. */
export function PeriodSelect({ periods, value, required }: { periods: { key: string; label: string }[]; value: string; required?: boolean }) {
  return (
    <label>
      Период
      <select name="period" defaultValue={value} required={required}>
        {periods.map((p) => (
          <option key={p.key} value={p.key}>
            {p.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The choice of a school year («2025/2026»), newest first. */
export function YearSelect({ years, value }: { years: string[]; value: string }) {
  return (
    <label>
      Учебный год
      <select name="year" defaultValue={value}>
        {years.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </select>
    </label>
  );
}
