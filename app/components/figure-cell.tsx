import { formatFigure, type Figure } from "~/domain/indicators";

/** A share that opens to what it was counted from: «20 %» → «3 из 15». Never a person. */
export function FigureCell({ figure }: { figure: Figure | null | undefined }) {
  if (!figure || figure.value === null) return <span className="muted">нет данных</span>;
  return (
    <details className="figure">
      <summary>{formatFigure(figure)}</summary>
      <span className="muted">
        {figure.numerator} из {figure.denominator}
      </span>
    </details>
  );
}

export function YesNo({ value }: { value: boolean | null | undefined }) {
  if (value === null || value === undefined) return <span className="muted">нет данных</span>;
  return <span>{value ? "да" : "нет"}</span>;
}

/** An entered indicator (18–21): a share of teachers, or yes/no for the school. */
export function EnteredCell({ value }: { value: Figure | boolean | null | undefined }) {
  return typeof value === "boolean" || value === null || value === undefined ? <YesNo value={value} /> : <FigureCell figure={value} />;
}
