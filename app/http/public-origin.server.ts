/** The site's address as families reach it: PUBLIC_URL when the school sets it, else the address the request came to. */
export function publicOrigin(request: Request) {
  return (process.env.PUBLIC_URL || new URL(request.url).origin).replace(/\/+$/, "");
}
