// One value per process, shared by the server and the app bundle (each has its own copy of the
// modules; globalThis is the same for both).
export function singleton<T>(name: string, make: () => T): T {
  const store = globalThis as unknown as { __registrySingletons?: Map<string, unknown> };
  store.__registrySingletons ??= new Map();
  if (!store.__registrySingletons.has(name)) store.__registrySingletons.set(name, make());
  return store.__registrySingletons.get(name) as T;
}
