import { fileHeaders } from "~/files/evidence-access.server";
import { Refusal } from "~/http/refusals";

/** A credential as a file to save; a refusal (an unknown format, no achievements) said in words. */
export async function credentialDownload(issue: () => Promise<{ text: string; type: string; document: { fileName: string } }>) {
  try {
    const { text, type, document } = await issue();
    return new Response(text, { headers: fileHeaders(type, document.fileName, "attachment", Buffer.byteLength(text)) });
  } catch (error) {
    if (error instanceof Refusal) throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}
