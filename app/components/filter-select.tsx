// One choice of a list's filter form (GET): its label, «все» (or the given word) first, then the options.
export function FilterSelect({
  label,
  name,
  value,
  options,
  any = "все",
}: {
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  any?: string | null;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        {any === null ? null : <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The options of a code → label record («дольше ждут», «по классу»…). */
export const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
