interface FileView {
  id: string;
  name: string;
  type: string;
  size: number;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} МБ` : `${Math.max(1, Math.round(bytes / 1024))} КБ`);

/** Thumbnails of confirming documents; each opens (or downloads, for a PDF) through the checked file route. */
export function EvidenceThumbs({ files, small }: { files: FileView[]; small?: boolean }) {
  return (
    <div className="thumbs">
      {files.map((f) => (
        <a key={f.id} href={`/files/${f.id}`} className={small ? "thumb thumb--small" : "thumb"} title={f.name}>
          {f.type === "application/pdf" ? <span className="thumb__pdf">PDF</span> : <img src={`/files/${f.id}/thumbnail`} alt={f.name} loading="lazy" />}
          {small ? null : (
            <span className="thumb__name">
              {f.name} · {sizeText(f.size)}
            </span>
          )}
        </a>
      ))}
    </div>
  );
}
