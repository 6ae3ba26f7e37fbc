import { useState, type FormEvent } from "react";

export interface UploadState<T> {
  /** Share of the file sent, 0–1; null before the upload or once it is all sent. */
  sent: number | null;
  checking: boolean;
  result: T | null;
}

/**
 * Sends a form with a file to a JSON endpoint with the browser's own upload progress, then waits
 * for the server's answer. Without scripts the form posts to the page as usual.
 */
export function useUploadWithProgress<T>(endpoint: string) {
  const [state, setState] = useState<UploadState<T>>({ sent: null, checking: false, result: null });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", endpoint);
    request.responseType = "json";
    request.upload.onprogress = (e) => setState((s) => ({ ...s, sent: e.lengthComputable ? e.loaded / e.total : s.sent }));
    request.upload.onload = () => setState((s) => ({ ...s, sent: null, checking: true }));
    request.onload = () => setState({ sent: null, checking: false, result: (request.response as T) ?? ({ step: "error", message: "Сервер не ответил: повторите" } as T) });
    request.onerror = () => setState({ sent: null, checking: false, result: { step: "error", message: "Связь с сервером прервалась: повторите загрузку" } as T });
    setState({ sent: 0, checking: false, result: null });
    request.send(new FormData(event.currentTarget));
  }
  return { ...state, busy: state.sent !== null || state.checking, onSubmit };
}

/** What the upload is doing: a bar while the file is sent, then «проверяю». */
export function UploadProgress({ sent, checking }: { sent: number | null; checking: boolean }) {
  if (sent === null && !checking) return null;
  return (
    <div role="status" style={{ width: "100%" }}>
      {sent !== null ? (
        <>
          <progress max={1} value={sent} style={{ width: "100%" }} /> Отправлено {Math.round(sent * 100)} %
        </>
      ) : (
        <>
          <progress style={{ width: "100%" }} /> Файл получен, проверяю его целиком…
        </>
      )}
    </div>
  );
}
