import type { SubmissionResult } from "@conform-to/react";
import { useNavigate } from "@remix-run/react";
import { useState, type FormEvent } from "react";

export interface UploadState {
  /** Share of the file sent, 0–1; null before the upload or once it is all sent. */
  sent: number | null;
  checking: boolean;
  /** The form's reasons when the endpoint refused it (Conform's reply). */
  result: SubmissionResult<string[]> | null;
}

/** A failure of the upload itself, as the form's own reason. */
const failed = (message: string): SubmissionResult<string[]> => ({ status: "error", error: { "": [message] } });

/**
 * Sends a form with a file to an endpoint with the browser's own upload progress, then waits for
 * the server's answer: the form's reasons as JSON, or a redirect (followed by the request) to the
 * page that shows what was accepted, which the browser then opens. Without scripts the form posts
 * to the page as usual.
 */
export function useUploadWithProgress(endpoint: string) {
  const navigate = useNavigate();
  const [state, setState] = useState<UploadState>({ sent: null, checking: false, result: null });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", endpoint);
    request.responseType = "json";
    request.upload.onprogress = (e) => setState((s) => ({ ...s, sent: e.lengthComputable ? e.loaded / e.total : s.sent }));
    request.upload.onload = () => setState((s) => ({ ...s, sent: null, checking: true }));
    request.onload = () => {
      const landed = request.responseURL ? new URL(request.responseURL) : null;
      if (landed && landed.pathname !== new URL(endpoint, window.location.href).pathname) {
        setState({ sent: null, checking: false, result: null });
        navigate(landed.pathname + landed.search);
        return;
      }
      setState({ sent: null, checking: false, result: (request.response as SubmissionResult<string[]> | null) ?? failed("Сервер не ответил: повторите") });
    };
    request.onerror = () => setState({ sent: null, checking: false, result: failed("Связь с сервером прервалась: повторите загрузку") });
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
