import { formatDateTime } from "~/domain/format";

export interface ExtractStateData {
  state: "requested" | "approved" | "refused" | "withdrawn";
  stateLabel: string;
  decidedByName: string;
  decidedAt: string | Date | null;
  refusalReason: string;
  document: { code: string; sha256: string; withdrawnAt: string | Date | null; withdrawReason: string } | null;
}

const BADGE = { requested: "status-submitted", approved: "status-verified", refused: "status-rejected", withdrawn: "status-rejected" } as const;

/** The state alone, as a badge (a family's home lists requests in a line each). */
export function ExtractStateBadge({ state, label }: { state: ExtractStateData["state"]; label: string }) {
  return <span className={`badge ${BADGE[state]}`}>{label}</span>;
}

/** An extract request's state as the family and the staff both read it: who decided, when, why. */
export function ExtractState({ extract }: { extract: ExtractStateData }) {
  return (
    <>
      <ExtractStateBadge state={extract.state} label={extract.stateLabel} />
      {extract.decidedAt ? (
        <div className="muted">
          {extract.decidedByName}, {formatDateTime(extract.decidedAt)}
        </div>
      ) : null}
      {extract.state === "refused" ? <div>Причина: {extract.refusalReason}</div> : null}
      {extract.document ? (
        <div className="muted">
          Код проверки <a href={`/verify/${extract.document.code}`}>{extract.document.code}</a>
        </div>
      ) : null}
      {extract.document?.withdrawnAt ? (
        <div>
          Отозвана {formatDateTime(extract.document.withdrawnAt)}: {extract.document.withdrawReason}
        </div>
      ) : null}
    </>
  );
}
