/** A URL prefix served from a folder. */
export interface StaticRoute {
  prefix: string;
  dir: string;
}

/** A running server: its base URL (no trailing slash) and a way to stop it. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a static file server on localhost (port 0: any free port). */
export function startStaticServer(options: {
  routes: StaticRoute[];
  port?: number;
  host?: string;
}): Promise<StaticServer>;
