import { createContext, useContext, useState } from "react";

// Facts about a page that the server knows even when no loader ran (an error page): whether the
// installation holds the demo school, and the request's id. The server renders them from this
// context; the browser, hydrating the same page, reads them back from the page itself.
export interface ServerFacts {
  demo: boolean;
  requestId: string;
}
const ServerFactsContext = createContext<ServerFacts | null>(null);
export const ServerFactsProvider = ServerFactsContext.Provider;

function useServerFact<T>(pick: (facts: ServerFacts) => T, fromPage: () => T): T {
  const facts = useContext(ServerFactsContext);
  const [value] = useState(() => (facts ? pick(facts) : fromPage()));
  return value;
}

/** On every page of an installation that holds the demo school. */
export function DemoBanner() {
  const demo = useServerFact((f) => f.demo, () => document.getElementById("demo-banner") !== null);
  if (!demo) return null;
  return (
    <p id="demo-banner" className="demo-banner" role="note">
      Демонстрационная школа: данные вымышленные
    </p>
  );
}

/** On an error page: the id under which the server logged the error (a failure in the browser has none). */
export function RequestIdNote() {
  const id = useServerFact((f) => f.requestId, () => document.getElementById("request-id")?.textContent ?? "");
  if (!id) return null;
  return (
    <p className="muted">
      Номер запроса для администратора: <span id="request-id">{id}</span>
    </p>
  );
}
